package dev.tollgate.dashboard.stats.boundary;

import static dev.tollgate.dashboard.NativeValues.decimal;
import static dev.tollgate.dashboard.NativeValues.instant;
import static dev.tollgate.dashboard.NativeValues.number;

import dev.tollgate.dashboard.stats.entity.JournalSummary;
import dev.tollgate.dashboard.stats.entity.TimeWindow;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates over {@code api_requests}, one query each, using the time index and the partitions of
 * the window only.
 */
// the dashboard's own data source, read-only, configured from DATABASE_URL like the engine's
@DataSourceDefinition(
        name = "java:app/jdbc/tollgate-dashboard",
        className = "dev.tollgate.database.control.ReadOnlyTollgateDataSource",
        minPoolSize = 1,
        maxPoolSize = 8,
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=custom-validation",
            "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
            "fish.payara.fail-all-connections=true"
        })
@Stateless
public class JournalStatistics {

    private static final String LATENCY_PERCENTILES = " percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms),"
            + " percentile_disc(0.99) WITHIN GROUP (ORDER BY duration_ms),"
            + " percentile_disc(0.5) WITHIN GROUP (ORDER BY first_token_ms),"
            + " percentile_disc(0.99) WITHIN GROUP (ORDER BY first_token_ms)";

    @PersistenceContext(unitName = "dashboard")
    EntityManager entityManager;

    public JournalSummary summarize(TimeWindow window) {
        Timestamp from = Timestamp.from(window.since());
        Object[] totals = (Object[]) entityManager
                .createNativeQuery("SELECT count(*), count(*) FILTER (WHERE response_status >= 400),"
                        + " COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0),"
                        + " COALESCE(SUM(cache_creation_input_tokens), 0), COALESCE(SUM(cache_read_input_tokens), 0),"
                        + " COALESCE(SUM(cost_usd), 0), count(*) FILTER (WHERE priced_as = 'unknown-model'),"
                        + LATENCY_PERCENTILES + " FROM api_requests WHERE timestamp >= ?1")
                .setParameter(1, from)
                .getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> models = entityManager
                .createNativeQuery("SELECT COALESCE(model, '(none)'), count(*), COALESCE(SUM(total_tokens), 0),"
                        + " COALESCE(SUM(cost_usd), 0) FROM api_requests WHERE timestamp >= ?1"
                        + " GROUP BY 1 ORDER BY 4 DESC, 2 DESC LIMIT 50")
                .setParameter(1, from)
                .getResultList();
        List<JournalSummary.ModelUsage> byModel = new ArrayList<>();
        for (Object[] row : models) {
            byModel.add(
                    new JournalSummary.ModelUsage((String) row[0], number(row[1]), number(row[2]), decimal(row[3])));
        }
        return new JournalSummary(
                window.since(),
                number(totals[0]),
                number(totals[1]),
                number(totals[2]),
                number(totals[3]),
                number(totals[4]),
                number(totals[5]),
                decimal(totals[6]),
                number(totals[7]),
                latency(totals, 8),
                byModel,
                shares("train_id", from),
                shares("account_id", from),
                window.bucket().getSeconds(),
                timeline(window));
    }

    /** Every bucket of the window in order, those without requests as zeros. */
    private List<JournalSummary.Bucket> timeline(TimeWindow window) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT to_timestamp(floor(extract(epoch FROM timestamp) / ?2) * ?2), count(*),"
                        + " count(*) FILTER (WHERE response_status >= 400), COALESCE(SUM(total_tokens), 0),"
                        + " COALESCE(SUM(cost_usd), 0)," + LATENCY_PERCENTILES
                        + " FROM api_requests WHERE timestamp >= ?1 GROUP BY 1 ORDER BY 1")
                .setParameter(1, Timestamp.from(window.since()))
                .setParameter(2, window.bucket().getSeconds())
                .getResultList();
        Map<Instant, JournalSummary.Bucket> filled = new LinkedHashMap<>();
        for (Instant start = window.bucketOf(window.since());
                !start.isAfter(Instant.now());
                start = start.plus(window.bucket())) {
            filled.put(start, JournalSummary.Bucket.empty(start));
        }
        for (Object[] row : rows) {
            Instant start = instant(row[0]);
            filled.put(
                    start,
                    new JournalSummary.Bucket(
                            start, number(row[1]), number(row[2]), number(row[3]), decimal(row[4]), latency(row, 5)));
        }
        return List.copyOf(filled.values());
    }

    private static JournalSummary.Latency latency(Object[] row, int first) {
        return new JournalSummary.Latency(
                nullableNumber(row[first]),
                nullableNumber(row[first + 1]),
                nullableNumber(row[first + 2]),
                nullableNumber(row[first + 3]));
    }

    /** @param column one of the two grouping columns this class names itself, never user input */
    private List<JournalSummary.Share> shares(String column, Timestamp from) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT COALESCE(" + column + ", '(none)'), count(*),"
                        + " count(*) FILTER (WHERE response_status >= 400), COALESCE(SUM(total_tokens), 0),"
                        + " COALESCE(SUM(cost_usd), 0) FROM api_requests WHERE timestamp >= ?1"
                        + " GROUP BY 1 ORDER BY 2 DESC LIMIT 20")
                .setParameter(1, from)
                .getResultList();
        return rows.stream()
                .map(r -> new JournalSummary.Share(
                        (String) r[0], number(r[1]), number(r[2]), number(r[3]), decimal(r[4])))
                .toList();
    }

    private static Long nullableNumber(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}

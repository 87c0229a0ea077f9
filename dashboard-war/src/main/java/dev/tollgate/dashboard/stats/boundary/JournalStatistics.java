package dev.tollgate.dashboard.stats.boundary;

import static dev.tollgate.dashboard.NativeValues.decimal;
import static dev.tollgate.dashboard.NativeValues.instant;
import static dev.tollgate.dashboard.NativeValues.number;

import dev.tollgate.dashboard.stats.entity.JournalSummary;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    @PersistenceContext(unitName = "dashboard")
    EntityManager entityManager;

    public JournalSummary since(Instant since) {
        Timestamp from = Timestamp.from(since);
        Object[] totals = (Object[]) entityManager
                .createNativeQuery("SELECT count(*), count(*) FILTER (WHERE response_status >= 400),"
                        + " COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0),"
                        + " COALESCE(SUM(cache_creation_input_tokens), 0), COALESCE(SUM(cache_read_input_tokens), 0),"
                        + " COALESCE(SUM(cost_usd), 0), count(*) FILTER (WHERE priced_as = 'unknown-model')"
                        + " FROM api_requests WHERE timestamp >= ?1")
                .setParameter(1, from)
                .getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> models = entityManager
                .createNativeQuery("SELECT COALESCE(model, '(none)'), count(*), COALESCE(SUM(total_tokens), 0),"
                        + " COALESCE(SUM(cost_usd), 0) FROM api_requests WHERE timestamp >= ?1"
                        + " GROUP BY 1 ORDER BY 4 DESC, 2 DESC LIMIT 50")
                .setParameter(1, from)
                .getResultList();
        Object[] latency = (Object[]) entityManager
                .createNativeQuery("SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms),"
                        + " percentile_disc(0.99) WITHIN GROUP (ORDER BY duration_ms),"
                        + " percentile_disc(0.5) WITHIN GROUP (ORDER BY first_token_ms),"
                        + " percentile_disc(0.99) WITHIN GROUP (ORDER BY first_token_ms)"
                        + " FROM api_requests WHERE timestamp >= ?1")
                .setParameter(1, from)
                .getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> hours = entityManager
                .createNativeQuery("SELECT date_trunc('hour', timestamp), count(*),"
                        + " count(*) FILTER (WHERE response_status >= 400), COALESCE(SUM(total_tokens), 0),"
                        + " COALESCE(SUM(cost_usd), 0) FROM api_requests WHERE timestamp >= ?1 GROUP BY 1 ORDER BY 1")
                .setParameter(1, from)
                .getResultList();
        List<JournalSummary.ModelUsage> byModel = new ArrayList<>();
        for (Object[] row : models) {
            byModel.add(
                    new JournalSummary.ModelUsage((String) row[0], number(row[1]), number(row[2]), decimal(row[3])));
        }
        return new JournalSummary(
                since,
                number(totals[0]),
                number(totals[1]),
                number(totals[2]),
                number(totals[3]),
                number(totals[4]),
                number(totals[5]),
                decimal(totals[6]),
                number(totals[7]),
                new JournalSummary.Latency(
                        nullableNumber(latency[0]),
                        nullableNumber(latency[1]),
                        nullableNumber(latency[2]),
                        nullableNumber(latency[3])),
                byModel,
                shares("train_id", from),
                shares("account_id", from),
                hours.stream()
                        .map(h -> new JournalSummary.Hour(
                                instant(h[0]), number(h[1]), number(h[2]), number(h[3]), decimal(h[4])))
                        .toList());
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

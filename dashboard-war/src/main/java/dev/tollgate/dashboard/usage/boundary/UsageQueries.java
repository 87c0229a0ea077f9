package dev.tollgate.dashboard.usage.boundary;

import static dev.tollgate.dashboard.NativeValues.decimal;
import static dev.tollgate.dashboard.NativeValues.instant;
import static dev.tollgate.dashboard.NativeValues.number;

import dev.tollgate.dashboard.usage.entity.AccountUsage;
import dev.tollgate.dashboard.usage.entity.ModelUsage;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Usage per account over the windows Claude subscriptions are limited by. */
@Stateless
public class UsageQueries {

    @PersistenceContext(unitName = "dashboard")
    EntityManager entityManager;

    public List<AccountUsage> byAccount(Instant now) {
        Timestamp fiveHours = Timestamp.from(now.minus(Duration.ofHours(5)));
        Timestamp sevenDays = Timestamp.from(now.minus(Duration.ofDays(7)));
        String recent = " FILTER (WHERE timestamp >= ?1)";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT account_id, count(*)" + recent + ", COALESCE(SUM(input_tokens)" + recent
                        + ", 0), COALESCE(SUM(output_tokens)" + recent + ", 0),"
                        + " COALESCE(SUM(cache_creation_input_tokens + cache_read_input_tokens)" + recent + ", 0),"
                        + " COALESCE(SUM(cost_usd)" + recent + ", 0), count(*), COALESCE(SUM(input_tokens), 0),"
                        + " COALESCE(SUM(output_tokens), 0),"
                        + " COALESCE(SUM(cache_creation_input_tokens + cache_read_input_tokens), 0),"
                        + " COALESCE(SUM(cost_usd), 0) FROM api_requests"
                        + " WHERE account_id IS NOT NULL AND timestamp >= ?2"
                        + " GROUP BY account_id ORDER BY 11 DESC, 7 DESC LIMIT 200")
                .setParameter(1, fiveHours)
                .setParameter(2, sevenDays)
                .getResultList();
        Map<String, List<AccountUsage.RateLimit>> limits = new LinkedHashMap<>();
        Map<String, Instant> limitsAt = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> headers = entityManager
                .createNativeQuery("SELECT r.account_id, r.timestamp, h.key, h.value FROM"
                        + " (SELECT DISTINCT ON (account_id) account_id, timestamp, response_headers FROM api_requests"
                        + " WHERE account_id IS NOT NULL AND timestamp >= ?1"
                        + " AND CAST(response_headers AS text) LIKE '%anthropic-ratelimit-%'"
                        + " ORDER BY account_id, timestamp DESC) r, jsonb_each_text(r.response_headers) h"
                        + " WHERE h.key LIKE 'anthropic-ratelimit-%' ORDER BY 1, 3")
                .setParameter(1, sevenDays)
                .getResultList();
        for (Object[] h : headers) {
            limits.computeIfAbsent((String) h[0], account -> new ArrayList<>())
                    .add(new AccountUsage.RateLimit((String) h[2], (String) h[3]));
            limitsAt.put((String) h[0], instant(h[1]));
        }
        return rows.stream()
                .map(r -> new AccountUsage(
                        (String) r[0],
                        new AccountUsage.Window(number(r[1]), number(r[2]), number(r[3]), number(r[4]), decimal(r[5])),
                        new AccountUsage.Window(number(r[6]), number(r[7]), number(r[8]), number(r[9]), decimal(r[10])),
                        limitsAt.get((String) r[0]),
                        limits.getOrDefault((String) r[0], List.of())))
                .toList();
    }

    public List<ModelUsage> byModel(Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery(
                        "SELECT account_id, COALESCE(model, '(none)'), count(*), COALESCE(SUM(total_tokens), 0),"
                                + " COALESCE(SUM(cost_usd), 0) FROM api_requests"
                                + " WHERE account_id IS NOT NULL AND timestamp >= ?1 GROUP BY 1, 2 ORDER BY 1, 4 DESC LIMIT 500")
                .setParameter(1, Timestamp.from(now.minus(Duration.ofHours(5))))
                .getResultList();
        return rows.stream()
                .map(r -> new ModelUsage((String) r[0], (String) r[1], number(r[2]), number(r[3]), decimal(r[4])))
                .toList();
    }
}

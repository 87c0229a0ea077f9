package dev.tollgate.quotas.boundary;

import dev.tollgate.quotas.entity.UsageBucket;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads from the journal what each train and client key used before this instance started, bucket
 * by bucket, with the counting rule of {@code QuotaLedger}: a request counts in the bucket of its
 * arrival unless it is a failover attempt or Tollgate refused it before trying an account; tokens
 * count in the bucket in which the request finished.
 */
@Stateless
public class QuotaSeedQuery {

    // ?1 bucket length in ms; ?2 start of the longest window; ?3 this instance's start (rows from
    // then on are counted live, so seeding is never double counting, however late it succeeds);
    // ?4 how far back a request may have arrived and still finished within the window
    private static final String USAGE = "SELECT train_id, api_key_hash,"
            + " CAST(floor(extract(epoch FROM timestamp) * 1000 / ?1) AS bigint), count(*), CAST(0 AS bigint)"
            + " FROM api_requests"
            + " WHERE timestamp >= to_timestamp(?2) AND timestamp < to_timestamp(?3)"
            + " AND final_request_id IS NULL"
            + " AND NOT (account_id IS NULL AND COALESCE(response_status, 0) >= 400)"
            + " GROUP BY 1, 2, 3"
            + " UNION ALL"
            + " SELECT train_id, api_key_hash,"
            + " CAST(floor(extract(epoch FROM timestamp + COALESCE(duration_ms, 0) * interval '1 millisecond')"
            + " * 1000 / ?1) AS bigint), CAST(0 AS bigint), sum(total_tokens)"
            + " FROM api_requests"
            + " WHERE timestamp >= to_timestamp(?4) AND timestamp < to_timestamp(?3) AND total_tokens > 0"
            + " AND timestamp + COALESCE(duration_ms, 0) * interval '1 millisecond' >= to_timestamp(?2)"
            + " GROUP BY 1, 2, 3";

    @PersistenceContext(unitName = "journal")
    EntityManager entityManager;

    /**
     * @param fromMillis the start of the longest window
     * @param untilMillis when this instance started counting live
     * @param longestRequestMillis how long before the window a request may have started and still
     *     have finished within it
     */
    public List<UsageBucket> usage(long bucketMillis, long fromMillis, long untilMillis, long longestRequestMillis) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery(USAGE)
                .setParameter(1, bucketMillis)
                .setParameter(2, fromMillis / 1000.0)
                .setParameter(3, untilMillis / 1000.0)
                .setParameter(4, (fromMillis - longestRequestMillis) / 1000.0)
                .getResultList();
        List<UsageBucket> usage = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            usage.add(new UsageBucket(
                    (String) row[0],
                    (String) row[1],
                    ((Number) row[2]).longValue(),
                    ((Number) row[3]).longValue(),
                    ((Number) row[4]).longValue()));
        }
        return usage;
    }
}

package dev.tollgate.dashboard.security.boundary;

import static dev.tollgate.dashboard.NativeValues.instant;

import dev.tollgate.dashboard.security.entity.AuthFailures;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Authentication failures from {@code api_requests}, using the status index of the window's partitions. */
@Stateless
public class SecurityQueries {

    @PersistenceContext(unitName = "dashboard")
    EntityManager entityManager;

    public AuthFailures authFailuresSince(Instant since) {
        Timestamp from = Timestamp.from(since);
        @SuppressWarnings("unchecked")
        List<Object[]> sources = entityManager
                .createNativeQuery("SELECT train_id, client_address, count(*), max(timestamp),"
                        + " (array_agg(error ORDER BY timestamp DESC))[1] FROM api_requests"
                        + " WHERE response_status = 401 AND timestamp >= ?1"
                        + " GROUP BY train_id, client_address ORDER BY 3 DESC LIMIT 200")
                .setParameter(1, from)
                .getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> hours = entityManager
                .createNativeQuery("SELECT date_trunc('hour', timestamp), count(*) FROM api_requests"
                        + " WHERE response_status = 401 AND timestamp >= ?1 GROUP BY 1 ORDER BY 1")
                .setParameter(1, from)
                .getResultList();
        List<AuthFailures.BySource> bySource = sources.stream()
                .map(r -> new AuthFailures.BySource(
                        (String) r[0], (String) r[1], ((Number) r[2]).longValue(), instant(r[3]), (String) r[4]))
                .toList();
        return new AuthFailures(
                bySource.stream().mapToLong(AuthFailures.BySource::failures).sum(),
                bySource,
                hours.stream()
                        .map(r -> new AuthFailures.ByHour(instant(r[0]), ((Number) r[1]).longValue()))
                        .toList());
    }
}

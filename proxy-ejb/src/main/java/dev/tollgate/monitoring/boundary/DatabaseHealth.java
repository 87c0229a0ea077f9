package dev.tollgate.monitoring.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The database's part of {@code /health/ready}: DOWN while PostgreSQL does not answer. Tollgate
 * still relays then (the journal spills to disk), but an instance that cannot journal should not
 * get new traffic while another one can. Reports the last answer of the {@link DatabaseProbe}; a
 * probe that has not come back for three intervals counts as DOWN.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

    @Inject
    DatabaseProbe probe;

    @Override
    public HealthCheckResponse call() {
        DatabaseProbe.Result last = probe.last();
        long ageMillis = System.currentTimeMillis() - last.atMillis();
        boolean stale = ageMillis > 3_000L * (probe.intervalSeconds() + 1);
        boolean up = last.up() && !stale;
        var response = HealthCheckResponse.named("database")
                .status(up)
                .withData("state", up ? "ok" : "down")
                .withData("checkedMillisAgo", ageMillis)
                .withData("probeMillis", last.nanos() / 1_000_000);
        if (!up) {
            response.withData("error", stale ? "no answer from the database for " + ageMillis + " ms" : last.error());
        }
        return response.build();
    }
}

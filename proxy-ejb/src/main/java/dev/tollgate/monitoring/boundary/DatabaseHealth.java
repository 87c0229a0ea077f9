package dev.tollgate.monitoring.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The database's part of {@code /health/ready}: DOWN while PostgreSQL does not answer. Tollgate
 * still relays then (the journal spills to disk), but an instance that cannot journal should not
 * get new traffic while another one can.
 *
 * <p>A probe in the background asks the database every few seconds and the check reports its last
 * answer, so a health request never waits for a connection (with the database gone, getting one
 * can take as long as the pool's wait). A probe that has not come back for three intervals counts
 * as DOWN.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

    @Resource(lookup = "java:app/jdbc/tollgate")
    DataSource dataSource;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "tollgate.health.database-interval-seconds", defaultValue = "2")
    int intervalSeconds;

    private volatile Probe last = new Probe(false, "not checked yet", 0, System.currentTimeMillis());
    private ScheduledFuture<?> probing;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        probing = scheduler.scheduleWithFixedDelay(this::probe, 0, intervalSeconds, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (probing != null) {
            probing.cancel(true);
        }
    }

    void probe() {
        long began = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(intervalSeconds + 1);
            last = new Probe(
                    valid,
                    valid ? null : "connection not valid",
                    System.nanoTime() - began,
                    System.currentTimeMillis());
        } catch (SQLException | RuntimeException e) {
            // the message names host and port at most: JDBC drivers do not put passwords in them
            last = new Probe(
                    false,
                    e.getClass().getSimpleName() + ": " + e.getMessage(),
                    System.nanoTime() - began,
                    System.currentTimeMillis());
        }
    }

    @Override
    public HealthCheckResponse call() {
        Probe probe = last;
        long ageMillis = System.currentTimeMillis() - probe.at();
        boolean stale = ageMillis > 3_000L * (intervalSeconds + 1);
        boolean up = probe.up() && !stale;
        var response = HealthCheckResponse.named("database")
                .status(up)
                .withData("state", up ? "ok" : "down")
                .withData("checkedMillisAgo", ageMillis)
                .withData("probeMillis", probe.nanos() / 1_000_000);
        if (!up) {
            response.withData("error", stale ? "no answer from the database for " + ageMillis + " ms" : probe.error());
        }
        return response.build();
    }

    private record Probe(boolean up, String error, long nanos, long at) {}
}

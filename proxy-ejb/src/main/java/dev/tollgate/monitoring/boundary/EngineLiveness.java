package dev.tollgate.monitoring.boundary;

import dev.tollgate.journal.boundary.RequestJournal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /health/live}: DOWN only for what a restart cures. The journal's writer thread never stops
 * while Tollgate runs; if it has died, records pile up in memory and then on disk, and only a new
 * process brings it back. A database or account problem is not a liveness failure (restarting would
 * not help): those are in {@code /health/ready}.
 */
@Liveness
@ApplicationScoped
public class EngineLiveness implements HealthCheck {

    @Inject
    RequestJournal journal;

    @Override
    public HealthCheckResponse call() {
        boolean writerAlive = journal.writerAlive();
        return HealthCheckResponse.named("engine")
                .status(writerAlive)
                .withData("state", writerAlive ? "ok" : "down")
                .withData("journalWriter", writerAlive ? "running" : "stopped")
                .build();
    }
}

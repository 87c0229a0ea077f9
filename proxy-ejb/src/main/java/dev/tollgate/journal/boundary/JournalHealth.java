package dev.tollgate.journal.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The journal's part of {@code /health/ready}. While records wait in the spill journal (the
 * database is or was unreachable) Tollgate still serves, and nothing is lost, so it stays UP with
 * {@code state: degraded}; it is DOWN only when records can be kept neither in the database nor on
 * disk.
 */
@Readiness
@ApplicationScoped
public class JournalHealth implements HealthCheck {

    @Inject
    RequestJournal journal;

    @Override
    public HealthCheckResponse call() {
        boolean losing = journal.losingRecords();
        boolean spilling = journal.spilling();
        return HealthCheckResponse.named("journal")
                .status(!losing)
                .withData("state", losing ? "down" : spilling ? "degraded" : "ok")
                .withData("queueDepth", journal.queueDepth())
                .withData("spilling", spilling)
                .withData("spillBytes", journal.spillPendingBytes())
                .withData("spilledRecords", journal.spilledCount())
                .withData("replayedRecords", journal.replayedCount())
                .withData("droppedRecords", journal.droppedCount())
                .build();
    }
}

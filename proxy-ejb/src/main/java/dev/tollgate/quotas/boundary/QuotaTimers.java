package dev.tollgate.quotas.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/**
 * Starts the {@link Quotas} with the deployment (a broken quota file stops it there, and the counts
 * are seeded from the journal, so the schema must exist) and runs their timers. Only the timers are
 * an EJB; requests are admitted by the CDI bean directly.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class QuotaTimers {

    @Inject
    Quotas quotas;

    @PostConstruct
    void startWithDeployment() {
        quotas.seeded(); // the first call creates the quotas: file read, counts seeded
    }

    // Every second, as client keys (ADR 0006): a changed file applies within about a second. The
    // file is small and compared by content, which no coarse modification time can fool.
    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void pollOnSchedule() {
        quotas.poll();
    }

    // Every ten minutes: counters of trains and keys idle for five hours are dropped, so memory
    // follows the subjects in use rather than every one ever seen.
    @Schedule(hour = "*", minute = "*/10", persistent = false)
    void forgetIdleOnSchedule() {
        quotas.forgetIdle();
    }
}

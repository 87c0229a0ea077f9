package dev.tollgate.quotas.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;

/**
 * Starts the {@link Quotas} with the deployment (a broken quota file stops it there, and the counts
 * are seeded from the journal, so the schema must exist) and runs their timers. Only the timers are
 * an EJB; requests are admitted by the CDI bean directly.
 *
 * <p>The timers are created after the quotas are seeded, never by a {@code @Schedule}: an automatic
 * timer can fire during deployment and create the quotas on a timer thread, outside the
 * {@code @DependsOn} order (ADR 0011).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class QuotaTimers {

    // Every second, as client keys (ADR 0006): a changed file applies within about a second. The
    // file is small and compared by content, which no coarse modification time can fool.
    private static final long POLL_MILLIS = 1000;
    // Every ten minutes: counters of trains and keys idle for five hours are dropped, so memory
    // follows the subjects in use rather than every one ever seen.
    private static final long FORGET_IDLE_MILLIS = 10 * 60_000;
    private static final String FORGET_IDLE = "quota forget idle";

    @Inject
    Quotas quotas;

    @Inject
    QuotaSharing sharing;

    @Resource
    TimerService timers;

    @PostConstruct
    void startWithDeployment() {
        quotas.seeded(); // the first call creates the quotas: file read, counts seeded
        sharing.start();
        timers.createIntervalTimer(POLL_MILLIS, POLL_MILLIS, new TimerConfig("quota file poll", false));
        timers.createIntervalTimer(FORGET_IDLE_MILLIS, FORGET_IDLE_MILLIS, new TimerConfig(FORGET_IDLE, false));
    }

    @Timeout
    void onTimer(Timer timer) {
        if (FORGET_IDLE.equals(timer.getInfo())) {
            quotas.forgetIdle();
        } else {
            quotas.poll();
        }
    }
}

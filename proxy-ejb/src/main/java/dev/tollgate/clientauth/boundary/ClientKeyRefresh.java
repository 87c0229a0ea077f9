package dev.tollgate.clientauth.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;

/**
 * Builds the {@link ClientKeyRing} at start-up, once the schema exists (issued keys are in the
 * database), and rebuilds it every second. Only the timer is an EJB; requests use the ring directly.
 *
 * <p>The timer is created after the ring is built, never by a {@code @Schedule}: an automatic timer
 * can fire during deployment and create the ring on a timer thread, outside the {@code @DependsOn}
 * order (ADR 0011).
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "CredentialRescan"})
public class ClientKeyRefresh {

    // Every second: well within the 2 s in which a changed key must take effect; a directory
    // listing and one indexed query, never on the request path.
    private static final long INTERVAL_MILLIS = 1000;

    @Inject
    ClientKeyRing keyRing;

    @Resource
    TimerService timers;

    @PostConstruct
    void buildAtStartup() {
        keyRing.keyCount(); // the first call creates the ring, which reads every key and logs how many
        timers.createIntervalTimer(INTERVAL_MILLIS, INTERVAL_MILLIS, new TimerConfig("client key refresh", false));
    }

    @Timeout
    void refreshOnTimer() {
        keyRing.refresh();
    }
}

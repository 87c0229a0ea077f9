package dev.tollgate.credentials.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;

/**
 * Loads the accounts at start-up and rescans the credentials directory every second. The timer
 * lives in an EJB (only EJBs have timers); the accounts themselves in the CDI bean
 * {@link AccountRegistry}, which requests read without passing the EJB container.
 *
 * <p>The timer is created after the first scan, never by a {@code @Schedule}: an automatic timer
 * can fire during deployment and create the registry on a timer thread, outside the
 * {@code @DependsOn} order (ADR 0011).
 */
@Singleton
@Startup
public class CredentialRescan {

    // Every second: one directory listing, and a replaced file takes effect well within 2 s.
    private static final long INTERVAL_MILLIS = 1000;

    @Inject
    AccountRegistry registry;

    @Resource
    TimerService timers;

    @PostConstruct
    void loadAtStartup() {
        registry.rescan(); // the first call creates the registry, which loads (and reports) the accounts
        timers.createIntervalTimer(INTERVAL_MILLIS, INTERVAL_MILLIS, new TimerConfig("credential rescan", false));
    }

    @Timeout
    void rescanOnTimer() {
        registry.rescan();
    }
}

package dev.tollgate.credentials.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/**
 * Loads the accounts at start-up and rescans the credentials directory every second. The timer
 * lives in an EJB (only EJBs have {@code @Schedule}); the accounts themselves in the CDI bean
 * {@link AccountRegistry}, which requests read without passing the EJB container.
 */
@Singleton
@Startup
public class CredentialRescan {

    @Inject
    AccountRegistry registry;

    @PostConstruct
    void loadAtStartup() {
        registry.rescan(); // the first call creates the registry, which loads (and reports) the accounts
    }

    // Every second: one directory listing, and a replaced file takes effect well within 2 s.
    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void rescanOnSchedule() {
        registry.rescan();
    }
}

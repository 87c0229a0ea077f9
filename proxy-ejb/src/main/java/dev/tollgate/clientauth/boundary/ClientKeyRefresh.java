package dev.tollgate.clientauth.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/**
 * Builds the {@link ClientKeyRing} at start-up, once the schema exists (issued keys are in the
 * database), and rebuilds it every second. Only the timer is an EJB; requests use the ring directly.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "CredentialRescan"})
public class ClientKeyRefresh {

    @Inject
    ClientKeyRing keyRing;

    @PostConstruct
    void buildAtStartup() {
        keyRing.keyCount(); // the first call creates the ring, which reads every key and logs how many
    }

    // Every second: well within the 2 s in which a changed key must take effect; a directory
    // listing and one indexed query, never on the request path.
    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void refreshOnSchedule() {
        keyRing.refresh();
    }
}

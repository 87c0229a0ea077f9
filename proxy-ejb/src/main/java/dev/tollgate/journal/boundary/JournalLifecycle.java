package dev.tollgate.journal.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/**
 * Starts the {@link RequestJournal} with the deployment, once the schema, the partitions and the
 * price table are there, and stops it while the EJBs it writes through still run. The journal
 * itself is a CDI bean, so that handing it a record costs a request no trip through the EJB container.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "JournalMaintenance", "Pricing"})
public class JournalLifecycle {

    @Inject
    RequestJournal journal;

    @PostConstruct
    void startWithDeployment() {
        journal.writerAlive(); // the first call creates the journal: spill replay, writer thread
    }

    @PreDestroy
    void stopBeforeTheContainer() {
        journal.stop();
    }
}

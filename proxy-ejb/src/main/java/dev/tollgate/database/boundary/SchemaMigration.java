package dev.tollgate.database.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date before anything else touches the database.
 *
 * <p>The data source is declared here, and configures itself from MicroProfile Config (see
 * {@code TollgateDataSource}), so that the same module works on Payara Micro (inside
 * {@code proxy-web.war}) and on Payara Server (inside the EAR) without server-side set-up.
 */
@DataSourceDefinition(
        name = "java:app/jdbc/tollgate",
        className = "dev.tollgate.database.control.TollgateDataSource",
        minPoolSize = 2,
        maxPoolSize = 32,
        properties = {
            // after a database restart the pooled connections are dead: test each before use and
            // drop them all at the first failure, so the journal resumes with fresh ones
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=custom-validation",
            "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
            "fish.payara.fail-all-connections=true"
        })
@Singleton
@Startup
// Flyway manages its own transactions (and takes an advisory lock so that instances never migrate twice).
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "java:app/jdbc/tollgate")
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        Flyway flyway = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
        var result = flyway.migrate();
        // Flyway names no target version when there was nothing to do: ask for the current one
        String version = result.targetSchemaVersion != null
                ? result.targetSchemaVersion
                : flyway.info().current() == null
                        ? "none"
                        : flyway.info().current().getVersion().getVersion();
        LOG.info(() -> "Database schema at version " + version + " (" + result.migrationsExecuted
                + " migrations applied now)");
    }
}

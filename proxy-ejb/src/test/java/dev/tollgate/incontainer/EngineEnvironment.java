package dev.tollgate.incontainer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the engine needs outside Payara, set up once per test JVM: a PostgreSQL (binaries from Maven
 * jars, a fresh data directory, database {@code tollgate}) on a free port, and an empty credentials
 * directory. Both reach the Payara Micro JVM as system properties that {@code arquillian.xml} passes
 * on ({@code -DDATABASE_URL}, {@code -DCREDENTIALS_DIR}).
 *
 * <p>Register it before {@link ArquillianExtension}: JUnit calls {@code beforeAll} in registration
 * order, and Arquillian reads {@code arquillian.xml} (resolving its {@code ${...}}) and starts Payara
 * Micro in its own {@code beforeAll}. Arquillian reads its configuration once per JVM, hence one
 * database for all test classes, stopped when the test run ends. Inside the container the test class
 * runs through JUnit again; there this extension does nothing.
 */
public final class EngineEnvironment implements BeforeAllCallback {

    static final String DATABASE_URL_PROPERTY = "tollgate.it.database-url";
    static final String CREDENTIALS_DIR_PROPERTY = "tollgate.it.credentials-dir";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EngineEnvironment.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (context.getConfigurationParameter(ArquillianExtension.RUNNING_INSIDE_ARQUILLIAN)
                .isPresent()) {
            return;
        }
        context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Resources.class, key -> Resources.start(), Resources.class);
    }

    /** Stopped and deleted by JUnit when the run ends (it closes what the root store holds). */
    private static final class Resources implements AutoCloseable {

        private final EmbeddedPostgres postgres;
        private final Path credentialsDir;

        private Resources(EmbeddedPostgres postgres, Path credentialsDir) {
            this.postgres = postgres;
            this.credentialsDir = credentialsDir;
        }

        static Resources start() {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        // any free port: other builds share the machine
                        .setPort(0)
                        // a busy machine starts it slowly; the default is 10 s
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
                try (Connection connection = postgres.getPostgresDatabase().getConnection();
                        Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE tollgate");
                }
                Path credentialsDir = Files.createTempDirectory("tollgate-it-credentials");
                System.setProperty(
                        DATABASE_URL_PROPERTY,
                        "jdbc:postgresql://localhost:" + postgres.getPort() + "/tollgate?user=postgres");
                System.setProperty(CREDENTIALS_DIR_PROPERTY, credentialsDir.toString());
                System.setProperty(
                        "tollgate.it.spill-dir",
                        Files.createTempDirectory("tollgate-it-spill").toString());
                return new Resources(postgres, credentialsDir);
            } catch (IOException e) {
                throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create database tollgate", e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                postgres.close();
            } finally {
                Files.deleteIfExists(credentialsDir);
            }
        }
    }
}

package dev.tollgate.it;

import dev.tollgate.cli.launch.EmbeddedDatabase;
import dev.tollgate.cli.launch.PayaraMicroProcess;
import dev.tollgate.cli.launch.RuntimeLayout;
import dev.tollgate.sim.UpstreamSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL, an upstream simulator and a Tollgate of one test class's own, for tests that stop
 * the database, restart Tollgate or need settings the shared {@link TollgateStack} must not have.
 * The database keeps its directory and port across a stop, so Tollgate finds it again.
 */
final class OwnStack implements AutoCloseable {

    private final Path work;
    private final Path databaseDirectory;
    private final int databasePort;
    private final UpstreamSimulator simulator;
    private EmbeddedDatabase database;
    private PayaraMicroProcess tollgate;
    private final List<PayaraMicroProcess> instances = new ArrayList<>();

    private OwnStack(Path work, Path databaseDirectory, EmbeddedDatabase database, UpstreamSimulator simulator) {
        this.work = work;
        this.databaseDirectory = databaseDirectory;
        this.database = database;
        this.databasePort = database.port();
        this.simulator = simulator;
    }

    /** Starts the database and the simulator in {@code target/it-work/<name>}; Tollgate comes later. */
    static OwnStack create(String name) throws IOException {
        Path work = Files.createDirectories(Path.of(System.getProperty("tollgate.work.dir", "target/it-work"))
                .resolve(name));
        Path databaseDirectory = Files.createTempDirectory(work, "postgres-");
        return new OwnStack(
                work, databaseDirectory, EmbeddedDatabase.start(databaseDirectory, 0), UpstreamSimulator.start(0));
    }

    Path work() {
        return work;
    }

    /** The credentials directory Tollgate reads ({@code CREDENTIALS_DIR}), created on first use. */
    Path credentials() throws IOException {
        return Files.createDirectories(work.resolve("credentials"));
    }

    Path spillDirectory() {
        return work.resolve("journal-spill");
    }

    EmbeddedDatabase database() {
        return database;
    }

    UpstreamSimulator simulator() {
        return simulator;
    }

    PayaraMicroProcess tollgate() {
        return tollgate;
    }

    /**
     * Starts Tollgate (stopping the one running, if any) against this stack's database, simulator,
     * credentials and spill directory, with {@code settings} on top, its output in {@code log}.
     */
    PayaraMicroProcess startTollgate(Path log, Map<String, String> settings) throws IOException {
        return startTollgate(log, settings, Path.of(System.getProperty("tollgate.config.dir", "../config")));
    }

    /** As {@link #startTollgate(Path, Map)}, with Payara's settings from {@code configDirectory}. */
    PayaraMicroProcess startTollgate(Path log, Map<String, String> settings, Path configDirectory) throws IOException {
        stopTollgate();
        tollgate = launch(log, settings, configDirectory, spillDirectory());
        tollgate.awaitReady(Duration.ofMinutes(5));
        return tollgate;
    }

    /**
     * Starts one more Tollgate beside any running (an instance of a data grid, say), with a spill
     * directory of its own, and does not wait for it: start several, then {@code awaitReady} each.
     * {@link #close} stops them.
     */
    PayaraMicroProcess startInstance(String name, Map<String, String> settings) throws IOException {
        return startInstance(name, name, settings);
    }

    /** As above, on the spill directory of the instance {@code spillOf} (an instance started again). */
    PayaraMicroProcess startInstance(String name, String spillOf, Map<String, String> settings) throws IOException {
        PayaraMicroProcess instance = launch(
                work.resolve("payara-micro-" + name + ".log"),
                settings,
                Path.of(System.getProperty("tollgate.config.dir", "../config")),
                work.resolve("journal-spill-" + spillOf));
        instances.add(instance);
        return instance;
    }

    private PayaraMicroProcess launch(Path log, Map<String, String> settings, Path configDirectory, Path spill)
            throws IOException {
        Map<String, String> environment = new HashMap<>();
        environment.put("DATABASE_URL", database.jdbcUrl());
        environment.put("CLAUDE_API_BASE_URL", simulator.baseUrl());
        environment.put("CREDENTIALS_DIR", credentials().toAbsolutePath().toString());
        environment.put("TOLLGATE_JOURNAL_SPILL_DIR", spill.toAbsolutePath().toString());
        environment.putAll(settings);
        return PayaraMicroProcess.start(
                RuntimeLayout.in(Path.of(System.getProperty("tollgate.runtime.dir", "target/runtime"))),
                TollgateStack.freePort(),
                configDirectory,
                environment,
                log);
    }

    void stopTollgate() {
        if (tollgate != null) {
            tollgate.close();
            tollgate = null;
        }
    }

    void stopDatabase() {
        database.close();
    }

    /** Starts the database again, on its directory and port. */
    void startDatabase() {
        database = EmbeddedDatabase.start(databaseDirectory, databasePort);
    }

    @Override
    public void close() {
        stopTollgate();
        instances.forEach(PayaraMicroProcess::close);
        simulator.close();
        database.close();
    }
}

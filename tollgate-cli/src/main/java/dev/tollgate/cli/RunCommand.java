package dev.tollgate.cli;

import dev.tollgate.cli.launch.DotEnvFile;
import dev.tollgate.cli.launch.EmbeddedDatabase;
import dev.tollgate.cli.launch.InvalidDotEnvException;
import dev.tollgate.cli.launch.LaunchSettings;
import dev.tollgate.cli.launch.PayaraMicroProcess;
import dev.tollgate.cli.launch.RuntimeLayout;
import dev.tollgate.sim.UpstreamSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./tollgate run}: Tollgate on Payara Micro, with the embedded PostgreSQL unless
 * {@code DATABASE_URL} names another database, and with {@code --demo} the upstream simulator.
 * Variables come from the environment and, under it, from {@code .env} in the working directory.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        defaultValueProvider = RunCommand.DotEnvDefaults.class,
        description = {
            "Start Tollgate on Payara Micro (embedded PostgreSQL unless DATABASE_URL is set).",
            "Reads .env in the working directory (NAME=value lines); a variable set in the environment wins."
        })
public class RunCommand implements Callable<Integer> {

    /**
     * The options' variables ({@code TOLLGATE_PORT}, ...) from {@code .env} when the environment does
     * not set them: picocli's {@code ${env:...}} defaults see only the environment. A broken file
     * gives no defaults here; {@link #call} reports it with its line.
     */
    static final class DotEnvDefaults implements CommandLine.IDefaultValueProvider {

        private static final Map<String, String> VARIABLES = Map.of(
                "--port", "TOLLGATE_PORT",
                "--data-dir", "TOLLGATE_DATA_DIR",
                "--db-port", "TOLLGATE_EMBEDDED_DB_PORT",
                "--demo-upstream-port", "TOLLGATE_DEMO_UPSTREAM_PORT",
                "--config-dir", "TOLLGATE_CONFIG_DIR");

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec argument) {
            if (!(argument instanceof CommandLine.Model.OptionSpec option)) {
                return null;
            }
            String variable = VARIABLES.get(option.longestName());
            if (variable == null || System.getenv(variable) != null) {
                return null;
            }
            try {
                return DotEnvFile.read(DotEnvFile.DEFAULT).get(variable);
            } catch (InvalidDotEnvException e) {
                return null;
            }
        }
    }

    @Option(
            names = "--port",
            defaultValue = "${env:TOLLGATE_PORT:-3000}",
            description = "HTTP port of the proxy and the dashboard (TOLLGATE_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--demo",
            description = "Also start the upstream simulator, point Tollgate at it and add a demo account: try"
                    + " Tollgate offline.")
    boolean demo;

    @Option(
            names = "--data-dir",
            defaultValue = "${env:TOLLGATE_DATA_DIR:-${env:TOLLGATE_HOME:-.}/data}",
            description = "Where the embedded database keeps its files (TOLLGATE_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Option(
            names = "--db-port",
            defaultValue = "${env:TOLLGATE_EMBEDDED_DB_PORT:-15432}",
            description = "Port of the embedded PostgreSQL (TOLLGATE_EMBEDDED_DB_PORT, default ${DEFAULT-VALUE}).")
    int databasePort;

    @Option(
            names = "--demo-upstream-port",
            defaultValue = "${env:TOLLGATE_DEMO_UPSTREAM_PORT:-8089}",
            description = "Port of the simulator with --demo (default ${DEFAULT-VALUE}).")
    int demoUpstreamPort;

    @Option(
            names = "--cluster",
            description = "Join the data grid of other Tollgate instances: those TOLLGATE_CLUSTER_MEMBERS lists"
                    + " (host:port,...), by default " + LOOPBACK_GRID + ", up to three instances on this"
                    + " machine. Setting TOLLGATE_CLUSTER_MEMBERS alone does the same. See docs/operations.md.")
    boolean cluster;

    /** The grid {@code --cluster} joins when no members are given: instances on this machine only. */
    static final String LOOPBACK_GRID = "127.0.0.1:5900,127.0.0.1:5901,127.0.0.1:5902";

    @Option(
            names = "--config-dir",
            defaultValue = "${env:TOLLGATE_CONFIG_DIR:-${env:TOLLGATE_HOME:-.}/config}",
            description = "Runtime configuration for Payara Micro (default ${DEFAULT-VALUE}).")
    Path configDirectory;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        LaunchSettings settings;
        try {
            settings = LaunchSettings.fromWorkingDirectory();
        } catch (InvalidDotEnvException e) {
            System.err.println("Cannot start: " + e.getMessage());
            return 2;
        }
        if (!settings.dotEnv().isEmpty()) {
            out.println("Read " + DotEnvFile.DEFAULT.toAbsolutePath().normalize() + ": "
                    + String.join(", ", settings.dotEnv().keySet())
                    + (settings.overriddenByEnvironment().isEmpty()
                            ? ""
                            : " (set in the environment, which wins: "
                                    + String.join(", ", settings.overriddenByEnvironment()) + ")"));
        }
        // the file's variables reach Tollgate (MicroProfile Config reads them as environment variables)
        Map<String, String> environment = new HashMap<>(settings.fromDotEnvOnly());
        String gridMembers = gridMembers(settings.get("TOLLGATE_CLUSTER_MEMBERS"), cluster);
        if (gridMembers != null) {
            environment.put("TOLLGATE_CLUSTER_MEMBERS", gridMembers);
        }
        try {
            PayaraMicroProcess.dataGridOptions(environment, port); // a bad setting stops us before anything starts
        } catch (IllegalArgumentException e) {
            System.err.println("Cannot start: " + e.getMessage());
            return 2;
        }
        List<AutoCloseable> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(started), "tollgate-shutdown"));

        String databaseUrl = settings.get("DATABASE_URL");
        String databaseDescription;
        if (databaseUrl == null || databaseUrl.isBlank()) {
            Path postgresData =
                    dataDirectory.resolve("postgres").toAbsolutePath().normalize();
            out.println("Starting the embedded PostgreSQL (data in " + postgresData + ") ...");
            EmbeddedDatabase database = EmbeddedDatabase.start(postgresData, databasePort);
            started.add(0, database);
            environment.put("DATABASE_URL", database.jdbcUrl());
            databaseDescription = database.libpqUrl() + "  (embedded; data in " + postgresData + ")";
        } else {
            databaseDescription = withoutPassword(databaseUrl) + "  (DATABASE_URL)";
        }

        String upstream = settings.getOrDefault("CLAUDE_API_BASE_URL", "https://api.anthropic.com");
        String credentials = settings.get("CREDENTIALS_DIR");
        if (credentials == null) {
            credentials = Path.of(settings.getOrDefault("TOLLGATE_HOME", "."), "credentials")
                    .toAbsolutePath()
                    .normalize()
                    .toString();
        }
        if (demo) {
            UpstreamSimulator simulator = UpstreamSimulator.start(demoUpstreamPort);
            started.add(0, simulator::close);
            upstream = simulator.baseUrl();
            credentials = writeDemoCredentials(dataDirectory.resolve("demo-credentials"))
                    .toString();
        }
        environment.put("CLAUDE_API_BASE_URL", upstream);
        environment.put("CREDENTIALS_DIR", credentials);
        // records the database cannot take right away wait here, beside the embedded database's data
        environment.put(
                "TOLLGATE_JOURNAL_SPILL_DIR",
                settings.getOrDefault(
                        "TOLLGATE_JOURNAL_SPILL_DIR",
                        dataDirectory
                                .resolve("journal-spill")
                                .toAbsolutePath()
                                .normalize()
                                .toString()));

        out.println("Starting Payara Micro on port " + port + " ...");
        PayaraMicroProcess payara = PayaraMicroProcess.start(
                RuntimeLayout.besideCommandJar(), port, configDirectory.toAbsolutePath(), environment, null);
        started.add(0, payara);
        payara.awaitReady(Duration.ofMinutes(5));

        out.println();
        out.println("Tollgate is running");
        out.println("  Proxy:       http://localhost:" + port + "   (POST /v1/messages)");
        boolean dashboardConfigured = settings.get("DASHBOARD_API_KEY") != null
                || "true".equalsIgnoreCase(settings.get("DASHBOARD_SSO_ENABLED"));
        out.println("  Dashboard:   http://localhost:" + port + "/dashboard/"
                + (dashboardConfigured ? "" : "   (set DASHBOARD_API_KEY to log in; see docs/dashboard.md)"));
        out.println("  Database:    " + databaseDescription);
        out.println("  Upstream:    " + upstream + (demo ? "  (simulator, --demo)" : ""));
        out.println("  Credentials: " + credentials);
        if (gridMembers != null) {
            out.println("  Data grid:   " + gridMembers + "  (TOLLGATE_CLUSTER_MEMBERS; see docs/operations.md)");
        }
        if (demo) {
            out.println(
                    "  Client key:  " + DEMO_CLIENT_KEY + "  (demo; send it as x-api-key or Authorization: Bearer)");
        } else if (!"false".equalsIgnoreCase(settings.get("ENABLE_CLIENT_AUTH"))) {
            out.println("  Clients need a key: ./tollgate generate-api-key, then put it in"
                    + " credentials/train-client-keys/<train>.client-keys.json (see docs/authentication.md)");
        }
        out.println("Press Ctrl+C to stop.");
        return payara.waitFor();
    }

    /** The data grid's members: those configured, else with {@code --cluster} the loopback grid, else none (alone). */
    static String gridMembers(String configured, boolean cluster) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return cluster ? LOOPBACK_GRID : null;
    }

    /** The client key of the demo account, as the README's examples use it. Only for --demo. */
    static final String DEMO_CLIENT_KEY = "cnp_test_tollgate_demo_client_key";

    /**
     * A demo account for the simulator: its Claude key is fake and only the simulator accepts it;
     * its client key lets the README's curl commands through client authentication.
     */
    static Path writeDemoCredentials(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("demo.credentials.json");
        Files.writeString(
                file,
                "{\n  \"type\": \"api_key\",\n  \"accountId\": \"acc_demo\",\n"
                        + "  \"api_key\": \"sk-ant-api03-demo-key-for-the-upstream-simulator\",\n"
                        + "  \"client_api_key\": \"" + DEMO_CLIENT_KEY + "\"\n}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return directory.toAbsolutePath().normalize();
    }

    static String withoutPassword(String url) {
        return url.replaceAll("(://[^:/@]+):[^@/]*@", "$1:****@").replaceAll("(?i)(password=)[^&]*", "$1****");
    }

    private static void stopAll(List<AutoCloseable> started) {
        for (AutoCloseable closeable : started) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("While stopping: " + e);
            }
        }
    }
}

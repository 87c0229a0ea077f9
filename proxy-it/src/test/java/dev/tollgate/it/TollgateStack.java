package dev.tollgate.it;

import dev.tollgate.cli.launch.EmbeddedDatabase;
import dev.tollgate.cli.launch.PayaraMicroProcess;
import dev.tollgate.cli.launch.RuntimeLayout;
import dev.tollgate.sim.UpstreamSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Tollgate for all black-box tests of a run, started on first use and stopped when the JVM
 * exits: Payara Micro boots once (tens of seconds on two cores) instead of once per class.
 */
public final class TollgateStack {

    /** The Claude keys of the stack's accounts (file name -> key); none may ever show up in clear. */
    public static final Map<String, String> ACCOUNT_KEYS = Map.of(
            "it-account", "sk-ant-api03-" + "IT-account-key-0123456789abcdefghijklmnopqrstuv",
            "app1.example.com", "sk-ant-api03-" + "IT-domain-account-key-0123456789abcdefghijklm",
            "it-second", "sk-ant-api03-" + "IT-second-account-key-0123456789abcdefghijklmn");

    /** The accountId of each account file, as the journal records it. */
    public static final Map<String, String> ACCOUNT_IDS =
            Map.of("it-account", "acc_it", "app1.example.com", "acc_domain", "it-second", "acc_it2");

    /** {@code client_api_key} of the domain file app1.example.com (valid on that domain, and in train mode). */
    public static final String DOMAIN_CLIENT_KEY = "cnp_live_IT_domain_client_key_abcdefghijklmnopqrstuvwxyz";

    /** {@code client_api_key} of the account file it-account. */
    public static final String ACCOUNT_FILE_CLIENT_KEY = "cnp_live_IT_account_file_client_key_abcdefghijklmnopqr";

    /** Short, so the timeout test is quick; streams are not bound by it once headers arrived. */
    public static final int UPSTREAM_TIMEOUT_SECONDS = 4;

    /** Short, so the silent-stream test is quick; longer than any pause the other tests script. */
    public static final int STREAM_IDLE_TIMEOUT_SECONDS = 3;

    /** Small, so that MonitoringIT can show the bound on train labels with a few hundred requests. */
    public static final int METRICS_MAX_TRAINS = 60;

    private static TollgateStack instance;

    private final EmbeddedDatabase database;
    private final UpstreamSimulator simulator;
    private final PayaraMicroProcess payara;

    private TollgateStack(EmbeddedDatabase database, UpstreamSimulator simulator, PayaraMicroProcess payara) {
        this.database = database;
        this.simulator = simulator;
        this.payara = payara;
    }

    public static synchronized TollgateStack get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "tollgate-stack-stop"));
        }
        return instance;
    }

    private static TollgateStack start() {
        Path work = Path.of(System.getProperty("tollgate.work.dir", "target/it-work"));
        try {
            Files.createDirectories(work);
            Path credentials = Files.createDirectories(work.resolve("credentials"));
            Files.createDirectories(credentials.resolve("accounts"));
            Files.createDirectories(credentials.resolve("train-client-keys"));
            Files.writeString(
                    credentials.resolve("it-account.credentials.json"),
                    accountFile("it-account", ACCOUNT_FILE_CLIENT_KEY));
            Files.writeString(
                    credentials.resolve("app1.example.com.credentials.json"),
                    accountFile("app1.example.com", DOMAIN_CLIENT_KEY));
            Files.writeString(
                    credentials.resolve("accounts").resolve("it-second.credentials.json"),
                    accountFile("it-second", null));
            Path databaseDirectory = Files.createTempDirectory(work, "postgres-");
            EmbeddedDatabase database = EmbeddedDatabase.start(databaseDirectory, 0);
            UpstreamSimulator simulator = UpstreamSimulator.start(0);
            PayaraMicroProcess payara = PayaraMicroProcess.start(
                    RuntimeLayout.in(Path.of(System.getProperty("tollgate.runtime.dir", "target/runtime"))),
                    freePort(),
                    Path.of(System.getProperty("tollgate.config.dir", "../config")),
                    Map.ofEntries(
                            Map.entry("DATABASE_URL", database.jdbcUrl()),
                            Map.entry("CLAUDE_API_BASE_URL", simulator.baseUrl()),
                            Map.entry(
                                    "CREDENTIALS_DIR",
                                    credentials.toAbsolutePath().toString()),
                            Map.entry(
                                    "TOLLGATE_JOURNAL_SPILL_DIR",
                                    work.resolve("journal-spill")
                                            .toAbsolutePath()
                                            .toString()),
                            Map.entry("SECURITY__AUTH_TOKEN", Http.CLIENT_KEY),
                            // the tests fail authentication on purpose, often: keep the guessing penalty short
                            Map.entry("TOLLGATE_AUTH_MAX_FAILURE_DELAY_MS", "100"),
                            Map.entry("TOLLGATE_UPSTREAM_TIMEOUT_SECONDS", String.valueOf(UPSTREAM_TIMEOUT_SECONDS)),
                            Map.entry(
                                    "TOLLGATE_UPSTREAM_STREAM_IDLE_TIMEOUT_SECONDS",
                                    String.valueOf(STREAM_IDLE_TIMEOUT_SECONDS)),
                            // what ops run when they debug: MonitoringIT reads the masked detail
                            Map.entry("DEBUG", "true"),
                            Map.entry("TOLLGATE_REQUEST_LOG_FORMAT", "json"),
                            Map.entry("TOLLGATE_METRICS_MAX_TRAINS", String.valueOf(METRICS_MAX_TRAINS))),
                    logFile());
            payara.awaitReady(Duration.ofMinutes(5));
            return new TollgateStack(database, simulator, payara);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String accountFile(String name, String clientKey) {
        return "{\"type\":\"api_key\",\"accountId\":\"" + ACCOUNT_IDS.get(name) + "\",\"api_key\":\""
                + ACCOUNT_KEYS.get(name) + "\"" + (clientKey == null ? "" : ",\"client_api_key\":\"" + clientKey + "\"")
                + "}";
    }

    /** Payara Micro's console output: the server log, with the request log in it. */
    public static Path logFile() {
        return Path.of(System.getProperty("tollgate.work.dir", "target/it-work"))
                .resolve("payara-micro.log");
    }

    /** The credentials directory Tollgate reads, for tests that add and remove key files while it runs. */
    public static Path credentialsDirectory() {
        return Path.of(System.getProperty("tollgate.work.dir", "target/it-work"))
                .resolve("credentials");
    }

    public String baseUrl() {
        return payara.baseUrl();
    }

    public UpstreamSimulator simulator() {
        return simulator;
    }

    public EmbeddedDatabase database() {
        return database;
    }

    public Connection openDatabaseConnection() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl());
    }

    /** Ports handed out in this JVM: the processes given them may not have bound them yet. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port free now and not handed out before in this run: the operating system offers a port
     * that was closed again, so two instances started one after the other were once given the same
     * HTTP port (ClusterIT: the second failed to bind, and its readiness probe reached the first).
     */
    public static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    private void stop() {
        payara.close();
        simulator.close();
        database.close();
    }
}

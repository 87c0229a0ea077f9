package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.cli.launch.PayaraMicroProcess;
import dev.tollgate.journal.control.JournalVerifier;
import dev.tollgate.journal.control.SpillJournal;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The journal's promise under failure: PostgreSQL goes away while clients keep sending, and no
 * client notices and no request goes missing or is stored twice; records spilled while Tollgate is
 * restarted are replayed by the next one. A Tollgate and a PostgreSQL of their own, so stopping
 * the database disturbs no other test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JournalOutageIT {

    /** The outage the issue asks for; the load runs before, during and after it. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private static final String CLIENT_KEY = "cnp_test_outage_it_client_key_0123456789";

    private static OwnStack stack;
    private static Path spillDirectory;
    private static PayaraMicroProcess tollgate;

    @BeforeAll
    static void start() throws Exception {
        stack = OwnStack.create("outage");
        spillDirectory = stack.spillDirectory();
        tollgate = startTollgate("payara-micro-outage.log");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aDatabaseOutageUnderSteadyLoadFailsNoClientAndLosesOrDuplicatesNoRecord() throws Exception {
        Set<String> requestIds = ConcurrentHashMap.newKeySet();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int client = 0; client < 4; client++) {
            clients.submit(() -> {
                while (loading.get()) {
                    send(requestIds, failures);
                    pause(25);
                }
            });
        }

        TimeUnit.SECONDS.sleep(5);
        int beforeOutage = requestIds.size();
        stack.stopDatabase();
        TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis() / 2);
        // while the database is away, what cannot be written waits on disk
        assertThat(spilledRecords())
                .as("records in the spill journal during the outage")
                .isPositive();
        // and health says so: not ready (the database is down, the journal degraded: it still keeps
        // every record), but alive: a restart would not help
        HttpResponse<String> notReady = awaitReadiness(503);
        assertThat(notReady.body())
                .containsPattern("\"name\"\\s*:\\s*\"database\"\\s*,\\s*\"status\"\\s*:\\s*\"DOWN\"")
                .containsPattern(STATE + "\"degraded\"");
        HttpResponse<String> alive = health("/health/live");
        assertThat(alive.statusCode()).as(alive.body()).isEqualTo(200);
        TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis() / 2);
        int duringOutage = requestIds.size() - beforeOutage;
        stack.startDatabase();
        TimeUnit.SECONDS.sleep(10);
        loading.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(failures).as("client requests that failed").isEmpty();
        // ready again once the database answers and the spill is replayed: every check ok
        HttpResponse<String> ready = awaitReadiness(200);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline
                && ready.body().matches("(?s).*" + STATE + "\"(degraded|down)\".*")) {
            TimeUnit.MILLISECONDS.sleep(250);
            ready = health("/health/ready");
        }
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body())
                .as("readiness once the spill is replayed")
                .doesNotContainPattern(STATE + "\"(degraded|down)\"");
        assertThat(duringOutage)
                .as("requests served while the database was down")
                .isGreaterThan(100);
        long replayStarted = System.currentTimeMillis();
        awaitExactlyOnce(requestIds, Duration.ofMinutes(2));
        System.out.printf(
                "JournalOutageIT: %d requests served, %d of them during the %d s outage; all journaled exactly"
                        + " once %d ms after the load ended%n",
                requestIds.size(), duringOutage, OUTAGE.toSeconds(), System.currentTimeMillis() - replayStarted);
    }

    @Test
    @Order(2)
    void recordsSpilledBeforeARestartAreReplayedByTheNextTollgate() throws Exception {
        stack.stopDatabase();
        Set<String> requestIds = ConcurrentHashMap.newKeySet();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            send(requestIds, failures);
        }
        assertThat(failures).isEmpty();
        // the writer tries the database, fails and spills: wait until all 20 are on disk
        long deadline = System.currentTimeMillis() + 30_000;
        while (spilledRecords() < 20 && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        assertThat(spilledRecords()).isGreaterThanOrEqualTo(20);

        stack.stopTollgate();
        stack.startDatabase();
        tollgate = startTollgate("payara-micro-outage-restarted.log");

        awaitExactlyOnce(requestIds, Duration.ofMinutes(1));
        long waitDeadline = System.currentTimeMillis() + 10_000;
        while (spilledRecords() > 0 && System.currentTimeMillis() < waitDeadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        assertThat(spilledRecords())
                .as("records left in the spill journal after the replay")
                .isZero();
        try (Connection connection =
                DriverManager.getConnection(stack.database().jdbcUrl())) {
            JournalVerifier.Report report = JournalVerifier.verify(connection);
            assertThat(report.breaks()).isEmpty();
            assertThat(report.rows()).isGreaterThanOrEqualTo(requestIds.size());
        }
    }

    private static PayaraMicroProcess startTollgate(String log) throws IOException {
        Files.writeString(
                stack.credentials().resolve("outage.credentials.json"),
                "{\"type\":\"api_key\",\"accountId\":\"acc_outage\",\"api_key\":\"sk-ant-api03-outage-it-key\"}");
        return stack.startTollgate(
                stack.work().resolve(log),
                Map.of("SECURITY__AUTH_TOKEN", CLIENT_KEY, "TOLLGATE_JOURNAL_RETRY_MAX_BACKOFF_MS", "1000"));
    }

    private static void send(Set<String> requestIds, List<String> failures) {
        try {
            HttpResponse<String> response = Http.CLIENT.send(
                    HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + "/v1/messages"))
                            .header("x-api-key", CLIENT_KEY)
                            .header("content-type", "application/json")
                            .header("anthropic-version", "2023-06-01")
                            .header("x-train-id", "outage-it")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(Http.SIMPLE_BODY))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                requestIds.add(
                        response.headers().firstValue("x-tollgate-request-id").orElseThrow());
            } else {
                failures.add(response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            failures.add(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final String STATE = "\"state\"\\s*:\\s*";

    private static HttpResponse<String> health(String path) throws IOException, InterruptedException {
        return Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Readiness once it answers {@code status} (the database probe runs every 2 s), within a minute. */
    private static HttpResponse<String> awaitReadiness(int status) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        HttpResponse<String> response = health("/health/ready");
        while (response.statusCode() != status && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(250);
            response = health("/health/ready");
        }
        assertThat(response.statusCode()).as("readiness: %s", response.body()).isEqualTo(status);
        return response;
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records in the spill journal's segments right now (the open one included). */
    private static long spilledRecords() throws IOException {
        if (!Files.isDirectory(spillDirectory)) {
            return 0;
        }
        long records = 0;
        try (Stream<Path> files = Files.list(spillDirectory)) {
            for (Path segment :
                    files.filter(path -> path.toString().endsWith(".spill")).toList()) {
                try (SpillJournal.Reader reader = SpillJournal.read(segment)) {
                    while (reader.next() != null) {
                        records++;
                    }
                } catch (java.nio.file.NoSuchFileException replayedMeanwhile) {
                    // deleted by the replay while we looked
                }
            }
        }
        return records;
    }

    /** Every request id has exactly one row, within the time given for the replay. */
    private static void awaitExactlyOnce(Set<String> requestIds, Duration timeout) throws Exception {
        String[] ids = requestIds.toArray(String[]::new);
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        long[] counts = {-1, -1};
        while (System.currentTimeMillis() < deadline) {
            try {
                counts = rowCounts(ids);
                if (counts[0] >= ids.length) {
                    break;
                }
            } catch (SQLException notYetBack) {
                // the database is still starting
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        assertThat(counts[0]).as("rows for the %d requests served", ids.length).isEqualTo(ids.length);
        assertThat(counts[1]).as("distinct request ids among them").isEqualTo(ids.length);
    }

    private static long[] rowCounts(String[] ids) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(stack.database().jdbcUrl());
                PreparedStatement statement =
                        connection.prepareStatement("SELECT count(*), count(DISTINCT request_id) FROM api_requests"
                                + " WHERE request_id = ANY (CAST(? AS uuid[]))")) {
            statement.setArray(1, connection.createArrayOf("text", ids));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return new long[] {result.getLong(1), result.getLong(2)};
            }
        }
    }
}

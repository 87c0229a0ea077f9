package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.cli.launch.PayaraMicroProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A journal queue too small for the load, on a Tollgate of its own: with room for one record's bytes
 * (the memory budget), request threads wait for the writer (back-pressure) and nothing goes to disk;
 * with room for one record (the count) and without back-pressure they spill, and those records, once
 * replayed, are announced like all others (metrics, quotas, request log), not only stored.
 */
class JournalOverflowIT {

    private static final int REQUESTS = 120;
    private static final int CONCURRENT = 16;
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)(\\{[^}]*})?\\s+(\\S+)$");

    private static OwnStack stack;
    private static PayaraMicroProcess tollgate;

    @BeforeAll
    static void start() throws Exception {
        stack = OwnStack.create("overflow");
        Files.writeString(
                stack.credentials().resolve("overflow.credentials.json"),
                "{\"type\":\"api_key\",\"accountId\":\"acc_overflow\",\"api_key\":\"sk-ant-api03-overflow-it-key\"}");
    }

    private static void startTollgate(String limit, String value, String backPressureWaitMillis) throws Exception {
        tollgate = stack.startTollgate(
                stack.work().resolve("payara-micro-overflow-" + backPressureWaitMillis + ".log"),
                Map.of(
                        "SECURITY__AUTH_TOKEN",
                        Http.CLIENT_KEY,
                        limit,
                        value,
                        "TOLLGATE_JOURNAL_BACKPRESSURE_WAIT_MS",
                        backPressureWaitMillis));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aFullQueueMakesRequestThreadsWaitForTheWriterInsteadOfSpilling() throws Exception {
        // the smallest budget, 1 KiB: every record (some 5 KB) takes all of it, so one is queued at a time
        startTollgate("TOLLGATE_JOURNAL_QUEUE_MAX_BYTES", "1024", "5000");
        String train = "backpressure-it";
        List<String> requestIds = sendConcurrently(train);

        awaitRows(requestIds);
        assertThat(metric("tollgate_journal_backpressure_waits", ""))
                .as("request threads found the queue full")
                .isPositive();
        assertThat(metric("tollgate_journal_spilled_records", ""))
                .as("with the database up, a full queue slows requests down; nothing goes to disk")
                .isZero();
        assertCountedOnce(train);
        assertThat(metric("tollgate_journal_queue_bytes", ""))
                .as("every record gave its room back once written")
                .isZero();
    }

    @Test
    void recordsSpilledByRequestThreadsAreCountedByTheMetricsOnceReplayed() throws Exception {
        startTollgate("TOLLGATE_JOURNAL_QUEUE_CAPACITY", "1", "0");
        String train = "overflow-it";
        List<String> requestIds = sendConcurrently(train);

        awaitRows(requestIds);
        assertThat(metric("tollgate_journal_spilled_records", ""))
                .as("request threads found the queue full and spilled")
                .isPositive();
        assertCountedOnce(train);
    }

    /** Each answered request is counted once, whether its record went through the queue or the disk. */
    private static void assertCountedOnce(String train) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        double counted = metric("tollgate_requests_total", "train=\"" + train + "\"");
        while (counted < REQUESTS && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(250);
            counted = metric("tollgate_requests_total", "train=\"" + train + "\"");
        }
        assertThat(counted).isEqualTo(REQUESTS);
    }

    private static List<String> sendConcurrently(String train) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                answers.add(clients.submit(() -> {
                    HttpResponse<String> response = Http.CLIENT.send(
                            HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + "/v1/messages"))
                                    .timeout(Duration.ofSeconds(60))
                                    .header("content-type", "application/json")
                                    .header("anthropic-version", "2023-06-01")
                                    .header("x-api-key", Http.CLIENT_KEY)
                                    .header("x-train-id", train)
                                    .POST(HttpRequest.BodyPublishers.ofString(Http.SIMPLE_BODY))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    return response.headers()
                            .firstValue("x-tollgate-request-id")
                            .orElseThrow();
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> answer : answers) {
                ids.add(answer.get());
            }
            return ids;
        } finally {
            clients.shutdownNow();
        }
    }

    private static void awaitRows(List<String> requestIds) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        long rows = -1;
        while (System.currentTimeMillis() < deadline) {
            try (Connection connection =
                            DriverManager.getConnection(stack.database().jdbcUrl());
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT count(DISTINCT request_id) FROM api_requests WHERE request_id = ANY (CAST(? AS uuid[]))")) {
                statement.setArray(1, connection.createArrayOf("text", requestIds.toArray()));
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    rows = result.getLong(1);
                }
            }
            if (rows == requestIds.size()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        assertThat(rows).as("rows for the answered requests").isEqualTo(requestIds.size());
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label} (all when empty). */
    private static double metric(String name, String label) throws Exception {
        HttpResponse<String> response = Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + "/metrics"))
                        .header("accept", "text/plain")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        double sum = 0;
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line.trim());
            if (sample.matches()
                    && sample.group(1).equals(name)
                    && (sample.group(2) == null ? "" : sample.group(2)).contains(label)) {
                sum += Double.parseDouble(sample.group(3));
            }
        }
        return sum;
    }
}

package dev.tollgate.it.ear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.cli.launch.EmbeddedDatabase;
import dev.tollgate.sim.RecordedRequest;
import dev.tollgate.sim.UpstreamSimulator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EAR that operations deploy, on a real Payara Server 6 Full: a fresh domain created and started
 * with {@code asadmin}, configured only through environment variables (the database in the libpq form
 * {@code postgresql://user@host:port/db}), deployed with {@code asadmin deploy}, and one request sent
 * through it to the upstream simulator and journalled in PostgreSQL.
 *
 * <p>Logs for diagnosis: {@code target/it-work/ear/logs} (one file per {@code asadmin} call) and
 * {@code target/it-work/ear/domains/tollgate-ear/logs/server.log}.
 */
class EarOnPayaraServerIT {

    private static final String ACCOUNT_KEY = "sk-ant-api03-" + "EAR-smoke-key-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String CLIENT_KEY = "some-client-key";
    private static final String MODEL = "claude-sonnet-4-5";
    private static final String BODY = "{\"model\":\"" + MODEL
            + "\",\"max_tokens\":32,\"messages\":[{\"role\":\"user\",\"content\":\"Hi from the EAR\"}]}";
    private static final Duration JOURNAL_WAIT = Duration.ofSeconds(15);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static EmbeddedDatabase database;
    private static Path databaseDirectory;
    private static UpstreamSimulator simulator;
    private static PayaraServerDomain domain;

    @BeforeAll
    static void deployTheEarOnAFreshDomain() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("tollgate.work.dir", "target/it-work"))
                .resolve("ear"));
        Path ear = Path.of(System.getProperty("tollgate.runtime.dir", "target/runtime"))
                .resolve("proxy-ear.ear");
        Path payaraHome = Path.of(System.getProperty("tollgate.payara.server.dir", "target/payara-server/payara6"));
        assertThat(ear)
                .as("the EAR under test (copied by the pre-integration-test phase)")
                .isRegularFile();

        databaseDirectory = Files.createTempDirectory(work, "postgres-");
        database = EmbeddedDatabase.start(databaseDirectory, 0);
        simulator = UpstreamSimulator.start(0);
        Path credentials = Files.createDirectories(work.resolve("credentials"));
        Files.writeString(
                credentials.resolve("ear-account.credentials.json"),
                "{\"type\":\"api_key\",\"accountId\":\"acc_ear\",\"api_key\":\"" + ACCOUNT_KEY + "\"}");

        domain = PayaraServerDomain.create(payaraHome, work, "tollgate-ear", 28_000);
        Map<String, String> environment = Map.of(
                "DATABASE_URL", database.libpqUrl(),
                "CLAUDE_API_BASE_URL", simulator.baseUrl(),
                "CREDENTIALS_DIR", credentials.toAbsolutePath().toString(),
                // the client key the test presents: client authentication is on by default
                "SECURITY__AUTH_TOKEN", CLIENT_KEY);
        long started = System.nanoTime();
        domain.start(environment);
        log("domain started in " + seconds(started) + " s at " + domain.httpUrl() + ", admin port "
                + domain.adminPort());
        Map<String, String> seenByServer = domain.serverEnvironment();
        if (seenByServer.isEmpty()) {
            log("environment of the server JVM not readable here; the relay test checks it indirectly");
        } else {
            // MicroProfile Config on Server reads environment variables: they must reach the server JVM
            assertThat(seenByServer)
                    .as("environment of the server JVM started by asadmin start-domain")
                    .containsAllEntriesOf(environment);
            log("the server JVM inherited " + environment.keySet() + " from asadmin start-domain");
        }
        started = System.nanoTime();
        domain.deploy(ear, "tollgate");
        log("EAR deployed in " + seconds(started) + " s");
    }

    @AfterAll
    static void stopEverything() throws IOException {
        if (domain != null) {
            domain.stop();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (database != null) {
            database.close();
            PayaraServerDomain.deleteRecursively(databaseDirectory);
        }
    }

    @Test
    void connectivityCheckAnswers() throws Exception {
        HttpResponse<Void> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(domain.httpUrl() + "/"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void dashboardIsServedFromItsOwnWebModule() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(domain.httpUrl() + "/dashboard/"))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void messageIsRelayedWithTheAccountKeyAndJournalled() throws Exception {
        simulator.clearRecordedRequests();
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(domain.httpUrl() + "/v1/messages"))
                        .timeout(Duration.ofSeconds(60))
                        .header("content-type", "application/json")
                        .header("anthropic-version", "2023-06-01")
                        .header("x-api-key", CLIENT_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(BODY))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode())
                .as("status; body %s; server.log:%n%s", response.body(), serverLogTail())
                .isEqualTo(200);
        JsonObject message =
                Json.createReader(new StringReader(response.body())).readObject();
        assertThat(message.getString("type")).isEqualTo("message");
        assertThat(message.getString("id")).startsWith("msg_");
        assertThat(message.getString("role")).isEqualTo("assistant");
        assertThat(message.getJsonArray("content")).isNotEmpty();
        String requestId =
                response.headers().firstValue("x-tollgate-request-id").orElse(null);
        assertThat(requestId).as("x-tollgate-request-id").isNotBlank();

        List<RecordedRequest> received = simulator.recordedRequests().stream()
                .filter(request -> request.path().equals("/v1/messages"))
                .toList();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).header("x-api-key")).isEqualTo(ACCOUNT_KEY);
        assertThat(received.get(0).bodyAsString()).isEqualTo(BODY);

        List<Object> row = awaitJournalRow(requestId);
        assertThat(row).as("response_status, model of request " + requestId).containsExactly(200, MODEL);
    }

    private static List<Object> awaitJournalRow(String requestId) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + JOURNAL_WAIT.toNanos();
        do {
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT response_status, model FROM api_requests WHERE request_id = ?::uuid")) {
                statement.setString(1, requestId);
                try (ResultSet result = statement.executeQuery()) {
                    if (result.next()) {
                        List<Object> row = new ArrayList<>();
                        row.add(result.getObject(1));
                        row.add(result.getObject(2));
                        return row;
                    }
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no api_requests row for request " + requestId + " after " + JOURNAL_WAIT
                + "; server.log:\n" + serverLogTail());
    }

    private static String serverLogTail() {
        return PayaraServerDomain.tail(domain.serverLog(), 40);
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    }

    private static void log(String line) {
        System.out.println("[EarOnPayaraServerIT] " + line);
    }
}

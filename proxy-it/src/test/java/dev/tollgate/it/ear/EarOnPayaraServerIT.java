package dev.tollgate.it.ear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tollgate.cli.launch.EmbeddedDatabase;
import dev.tollgate.sim.RecordedRequest;
import dev.tollgate.sim.UpstreamSimulator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EAR that operations deploy, on a real Payara Server 6 Full, set up as {@code docs/operations.md} says: a
 * fresh domain created and started with {@code asadmin}, Tollgate's configuration only in the server JVM's
 * environment (the database in the libpq form {@code postgresql://user@host:port/db}), the domain configured by
 * the guide's own {@code config/payara-server/configure-domain.sh} (which also checks the environment file and
 * the directories' permissions) and restarted with {@code asadmin restart-domain}, the EAR deployed with
 * {@code asadmin deploy}; then requests sent through it to the upstream simulator and journalled in PostgreSQL.
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
    private static final Path CONFIGURE_DOMAIN = Path.of(System.getProperty("tollgate.config.dir", "../config"))
            .resolve("payara-server/configure-domain.sh");

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
        Path credentials = PayaraServerDomain.credentialsDirectory(work, "acc_ear", ACCOUNT_KEY);
        Path spill = PayaraServerDomain.privateDirectory(work.resolve("journal-spill"));

        domain = PayaraServerDomain.create(payaraHome, work, "tollgate-ear", 28_000);
        Map<String, String> environment = Map.of(
                "DATABASE_URL", database.libpqUrl(),
                "CLAUDE_API_BASE_URL", simulator.baseUrl(),
                "CREDENTIALS_DIR", credentials.toAbsolutePath().toString(),
                "TOLLGATE_JOURNAL_SPILL_DIR", spill.toAbsolutePath().toString(),
                // the client key the test presents: client authentication is on by default
                "SECURITY__AUTH_TOKEN", CLIENT_KEY);
        long started = System.nanoTime();
        domain.start(environment);
        log("domain started in " + seconds(started) + " s at " + domain.httpUrl() + ", admin port "
                + domain.adminPort());
        assertServerEnvironment(environment, "asadmin start-domain");

        // the operations guide's configuration, by its own script, checking the environment file first
        Path environmentFile = PayaraServerDomain.environmentFile(work.resolve("tollgate.env"), environment);
        started = System.nanoTime();
        domain.configure(CONFIGURE_DOMAIN, "--env-file", environmentFile.toString(), "--behind-reverse-proxy");
        domain.restart();
        log("configured with " + CONFIGURE_DOMAIN + " and restarted in " + seconds(started) + " s");
        assertServerEnvironment(environment, "asadmin restart-domain");
        started = System.nanoTime();
        domain.deploy(ear, "tollgate");
        log("EAR deployed in " + seconds(started) + " s");
    }

    private static void assertServerEnvironment(Map<String, String> environment, String how) throws IOException {
        Map<String, String> seenByServer = domain.serverEnvironment();
        if (seenByServer.isEmpty()) {
            log("environment of the server JVM not readable here; the relay test checks it indirectly");
            return;
        }
        // MicroProfile Config on Server reads environment variables: they must reach the server JVM
        assertThat(seenByServer)
                .as("environment of the server JVM started by " + how)
                .containsAllEntriesOf(environment);
        log("the server JVM inherited " + environment.keySet() + " from " + how);
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

    /** MicroProfile Health and Metrics find the EAR's checks and metrics on Payara Server too. */
    @Test
    void healthAndMetricsAreServedForTheEar() throws Exception {
        HttpResponse<String> ready = HTTP.send(
                HttpRequest.newBuilder(URI.create(domain.httpUrl() + "/health/ready"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"database\"", "\"journal\"", "\"accounts\"");

        String requestId =
                sendMessage().headers().firstValue("x-tollgate-request-id").orElseThrow();
        awaitJournalRow(requestId);
        HttpResponse<String> metrics = HTTP.send(
                HttpRequest.newBuilder(URI.create(domain.httpUrl() + "/metrics"))
                        .header("accept", "text/plain")
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("tollgate_requests_total\\{[^}]*status=\"200\"[^}]*} [1-9]")
                .contains("tollgate_journal_queue_depth");
    }

    @Test
    void answersNameNoServerSoftware() throws Exception {
        HttpResponse<String> response = sendMessage();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().map().keySet())
                .as("headers of an answer (configure-domain.sh turns them off)")
                .map(String::toLowerCase)
                .doesNotContain("server", "x-powered-by");
    }

    @Test
    void listensOnTheLoopbackInterfaceOnly() throws Exception {
        List<InetAddress> external = new ArrayList<>();
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        external.add(address);
                    }
                }
            }
        }
        assumeTrue(!external.isEmpty(), "this host has no IPv4 address besides the loopback one");
        // configure-domain.sh binds the HTTP and admin listeners to 127.0.0.1 (nginx in front)
        for (int port : new int[] {domain.httpPort(), domain.adminPort()}) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            }
            for (InetAddress address : external) {
                assertThatThrownBy(() -> {
                            try (Socket socket = new Socket()) {
                                socket.connect(new InetSocketAddress(address, port), 5_000);
                            }
                        })
                        .as("connection to %s:%d", address.getHostAddress(), port)
                        .isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void clientAddressIsTheOneTheReverseProxyNames() throws Exception {
        // nginx (config/nginx/tollgate.conf) sets Proxy-ip; configure-domain.sh --behind-reverse-proxy trusts it.
        // HttpURLConnection: the JDK's HttpClient silently drops headers named Proxy-*.
        HttpURLConnection connection = (HttpURLConnection)
                URI.create(domain.httpUrl() + "/v1/messages").toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(60_000);
        connection.setRequestProperty("content-type", "application/json");
        connection.setRequestProperty("anthropic-version", "2023-06-01");
        connection.setRequestProperty("x-api-key", CLIENT_KEY);
        connection.setRequestProperty("Proxy-ip", "203.0.113.7");
        try (var body = connection.getOutputStream()) {
            body.write(BODY.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(connection.getResponseCode()).isEqualTo(200);
        String requestId = connection.getHeaderField("x-tollgate-request-id");
        connection.getInputStream().readAllBytes();
        assertThat(requestId).as("x-tollgate-request-id").isNotBlank();

        awaitJournalRow(requestId);
        try (Connection database = DriverManager.getConnection(EarOnPayaraServerIT.database.jdbcUrl());
                PreparedStatement statement = database.prepareStatement(
                        "SELECT client_address FROM api_requests WHERE request_id = ?::uuid")) {
            statement.setString(1, requestId);
            try (ResultSet result = statement.executeQuery()) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo("203.0.113.7");
            }
        }
    }

    private static HttpResponse<String> sendMessage() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(domain.httpUrl() + "/v1/messages"))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("x-api-key", CLIENT_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(BODY));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

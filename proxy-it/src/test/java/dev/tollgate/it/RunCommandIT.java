package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's promise to a newcomer: {@code ./tollgate run --demo} (the script itself, as a user
 * runs it) starts everything, prints where it is, answers the README's curl commands, streamed
 * event by event, journals each request at once, and keeps its data across a restart. It runs in a
 * working directory with a {@code .env} file, as CCProxy's users keep their settings, one of which
 * the environment overrides.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunCommandIT {

    private static final String DEMO_KEY = "cnp_test_tollgate_demo_client_key";
    private static final String ENV_SHARED_TOKEN = "cnp_live_run_it_shared_token_from_the_environment";
    private static final String DOTENV_SHARED_TOKEN = "cnp_live_run_it_shared_token_from_dot_env_file";
    private static final String DOTENV_DASHBOARD_KEY = "cnp_live_run_it_dashboard_key_from_dot_env_file";

    private static Path workingDirectory;

    private static Path dataDirectory;
    private static int port;
    private static int databasePort;
    private static Process tollgate;
    private static List<String> banner;
    private static String firstRequestId;

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("tollgate.work.dir", "target/it-work"))
                .resolve("run-command"));
        dataDirectory = Files.createTempDirectory(work, "data-");
        workingDirectory = Files.createTempDirectory(work, "cwd-");
        Files.writeString(
                workingDirectory.resolve(".env"),
                "# as CCProxy's guide has it: echo \"SECURITY__AUTH_TOKEN=...\" >> .env\n"
                        + "SECURITY__AUTH_TOKEN=" + DOTENV_SHARED_TOKEN + "\n"
                        + "export DASHBOARD_API_KEY=\"" + DOTENV_DASHBOARD_KEY + "\"\n");
        port = TollgateStack.freePort();
        databasePort = TollgateStack.freePort();
        banner = startTollgate(work.resolve("tollgate-run.log"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        stopTollgate();
    }

    @Test
    @Order(1)
    void startUpSaysWhereTheProxyTheDashboardAndTheDatabaseAre() {
        assertThat(banner)
                .contains("Tollgate is running")
                .anyMatch(line -> line.contains("Proxy:       http://localhost:" + port))
                .anyMatch(line -> line.contains("Dashboard:   http://localhost:" + port + "/dashboard/"))
                .anyMatch(line -> line.contains("Database:    postgresql://postgres@localhost:" + databasePort
                        + "/tollgate  (embedded; data in " + dataDirectory.resolve("postgres")))
                .anyMatch(line -> line.contains("(simulator, --demo)"))
                .anyMatch(line -> line.contains("Client key:  " + DEMO_KEY));
    }

    @Test
    @Order(1)
    void dotEnvSettingsReachTollgateAndTheEnvironmentWinsOverThem() throws Exception {
        Path dotEnv = workingDirectory.resolve(".env").toRealPath();
        assertThat(banner)
                .anyMatch(line -> line.startsWith("Read " + dotEnv
                        + ": SECURITY__AUTH_TOKEN, DASHBOARD_API_KEY (set in the environment, which wins:"
                        + " SECURITY__AUTH_TOKEN)"))
                .noneMatch(line -> line.contains("set DASHBOARD_API_KEY to log in"))
                .noneMatch(line -> line.contains(DOTENV_SHARED_TOKEN) || line.contains(DOTENV_DASHBOARD_KEY));

        // SECURITY__AUTH_TOKEN: the environment's value, not the file's
        assertThat(send(post("/v1/messages/count_tokens", "x-api-key", ENV_SHARED_TOKEN)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\","
                                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")))
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(post("/v1/messages/count_tokens", "x-api-key", DOTENV_SHARED_TOKEN)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\","
                                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")))
                        .statusCode())
                .isEqualTo(401);

        // DASHBOARD_API_KEY: only in the file, and Tollgate has it
        HttpResponse<String> stats =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dashboard/api/stats?hours=24"))
                        .header("X-Dashboard-Key", DOTENV_DASHBOARD_KEY)
                        .GET());
        assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dashboard/api/stats?hours=24"))
                                .header("X-Dashboard-Key", "cnp_live_not_the_key")
                                .GET())
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    @Order(0)
    void aMalformedDotEnvLineStopsTheStartNamingTheFileAndLine() throws Exception {
        Path elsewhere = Files.createTempDirectory(workingDirectory.getParent(), "bad-env-");
        Files.writeString(elsewhere.resolve(".env"), "DEBUG=true\nsk-ant-api03-a-secret-pasted-without-a-name\nX=1\n");
        Path log = elsewhere.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder(script().toString(), "run", "--demo")
                .directory(elsewhere.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("TOLLGATE_SKIP_BUILD", "true");
        Process bad = builder.start();
        assertThat(bad.waitFor(60, TimeUnit.SECONDS)).as("exits at once").isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        String output = Files.readString(log);
        assertThat(output)
                .contains("Cannot start: .env line 2: expected NAME=value")
                .doesNotContain("a-secret-pasted")
                .doesNotContain("Starting");
    }

    @Test
    @Order(2)
    void theReadmesCurlCommandsWorkAndEachRequestIsJournaledAtOnce() throws Exception {
        HttpResponse<String> message = send(post("/v1/messages", "x-api-key", DEMO_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")));
        assertThat(message.statusCode()).isEqualTo(200);
        assertThat(message.body()).contains("\"type\":\"message\"");
        firstRequestId = message.headers().firstValue("x-tollgate-request-id").orElseThrow();
        long answered = System.nanoTime();
        awaitRow(firstRequestId);
        System.out.printf(
                "RunCommandIT: journal row visible %d ms after the answer%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered));

        // streamed: the simulator pauses 300 ms between events, and they reach the client spaced so
        List<Long> arrivals = new ArrayList<>();
        HttpResponse<InputStream> stream = Http.CLIENT.send(
                post("/v1/messages?beta=true", "x-api-key", DEMO_KEY)
                        .header("x-sim-event-gap-ms", "300")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,"
                                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = events.readLine()) != null) {
                if (line.startsWith("event:")) {
                    arrivals.add(System.nanoTime());
                }
            }
        }
        assertThat(arrivals).hasSizeGreaterThan(5);
        long spreadMillis = TimeUnit.NANOSECONDS.toMillis(arrivals.get(arrivals.size() - 1) - arrivals.get(0));
        assertThat(spreadMillis)
                .as("events arrive as the upstream sends them, not all at once")
                .isGreaterThanOrEqualTo(300L * (arrivals.size() - 2));
        awaitRow(stream.headers().firstValue("x-tollgate-request-id").orElseThrow());

        HttpResponse<String> tokens = send(post("/v1/messages/count_tokens", "x-api-key", DEMO_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")));
        assertThat(tokens.statusCode()).isEqualTo(200);
        assertThat(tokens.body()).contains("input_tokens");

        HttpResponse<String> models =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models?limit=3"))
                        .header("authorization", "Bearer " + DEMO_KEY)
                        .GET());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"data\"");
    }

    @Test
    @Order(3)
    void theJournalSurvivesARestart() throws Exception {
        assertThat(firstRequestId).as("set by the previous test").isNotNull();
        stopTollgate();
        startTollgate(dataDirectory.getParent().resolve("tollgate-run-again.log"));
        awaitRow(firstRequestId);
    }

    private static Path script() {
        return Path.of(System.getProperty("tollgate.config.dir", "../config"))
                .getParent()
                .resolve("tollgate");
    }

    private static List<String> startTollgate(Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        script().toString(),
                        "run",
                        "--demo",
                        "--port",
                        String.valueOf(port),
                        "--demo-upstream-port",
                        String.valueOf(TollgateStack.freePort()),
                        "--db-port",
                        String.valueOf(databasePort),
                        "--data-dir",
                        dataDirectory.toString())
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // what a newcomer has: none of Tollgate's variables set but the one overriding .env; the build
        // is there already
        for (String variable : List.of(
                "DATABASE_URL", "CLAUDE_API_BASE_URL", "CREDENTIALS_DIR", "ENABLE_CLIENT_AUTH", "DASHBOARD_API_KEY")) {
            builder.environment().remove(variable);
        }
        builder.environment().put("SECURITY__AUTH_TOKEN", ENV_SHARED_TOKEN);
        builder.environment().put("TOLLGATE_SKIP_BUILD", "true");
        tollgate = builder.start();
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(5).toMillis();
        while (System.currentTimeMillis() < deadline) {
            List<String> lines = Files.readAllLines(log);
            if (lines.contains("Press Ctrl+C to stop.")) {
                return lines;
            }
            assertThat(tollgate.isAlive())
                    .as("./tollgate run is alive; its output: %s", lines)
                    .isTrue();
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new AssertionError("./tollgate run --demo did not come up; see " + log);
    }

    /** Ctrl+C, as a user stops it: the command stops Payara Micro, the simulator and PostgreSQL. */
    private static void stopTollgate() throws InterruptedException {
        if (tollgate != null && tollgate.isAlive()) {
            tollgate.destroy();
            if (!tollgate.waitFor(90, TimeUnit.SECONDS)) {
                tollgate.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static HttpRequest.Builder post(String path, String header, String value) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header(header, value)
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return Http.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitRow(String requestId) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Connection connection = DriverManager.getConnection(
                            "jdbc:postgresql://localhost:" + databasePort + "/tollgate?user=postgres");
                    PreparedStatement statement =
                            connection.prepareStatement("SELECT count(*) FROM api_requests WHERE request_id = ?")) {
                statement.setObject(1, UUID.fromString(requestId));
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    if (result.getLong(1) == 1) {
                        return;
                    }
                }
            } catch (java.sql.SQLException starting) {
                // the embedded database may still be starting after a restart
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("no journal row for request " + requestId);
    }
}

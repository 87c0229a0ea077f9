package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.cli.launch.PayaraMicroProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three Tollgate instances on one data grid (TCP/IP on loopback, as {@code ./tollgate run --cluster}
 * starts them), one PostgreSQL, one simulator: they form one grid, a dashboard session opened on one
 * instance holds on the others, an account cool-down one learns from a 429 is known to all, failed
 * authentications and logins on some slow down or throttle the others, and a key revoked in the
 * database is refused by every instance within 2 s (issue 15, ADR 0013).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int INSTANCES = 3;
    private static final String DASHBOARD_KEY = "cluster-it-dashboard-key-0123456789";
    private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static OwnStack stack;
    private static final List<PayaraMicroProcess> tollgates = new ArrayList<>();
    private static final List<Path> logs = new ArrayList<>();

    @BeforeAll
    static void startThreeInstances() throws Exception {
        stack = OwnStack.create("cluster");
        Files.writeString(
                stack.credentials().resolve("cluster.credentials.json"),
                "{\"type\":\"api_key\",\"accountId\":\"acc_cluster\",\"api_key\":\"sk-ant-api03-cluster-it-key\"}");
        List<Integer> gridPorts = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            gridPorts.add(TollgateStack.freePort());
        }
        String members = gridPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        for (int i = 0; i < INSTANCES; i++) {
            tollgates.add(stack.startInstance(
                    "grid-" + i,
                    Map.of(
                            "TOLLGATE_CLUSTER_MEMBERS",
                            members,
                            "TOLLGATE_CLUSTER_PORT",
                            String.valueOf(gridPorts.get(i)),
                            "TOLLGATE_INSTANCE_NAME",
                            "cluster-it-" + i,
                            "DASHBOARD_API_KEY",
                            DASHBOARD_KEY)));
            logs.add(stack.work().resolve("payara-micro-grid-" + i + ".log"));
        }
        for (PayaraMicroProcess tollgate : tollgates) {
            tollgate.awaitReady(Duration.ofMinutes(6));
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void theInstancesFormOneGrid() throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        List<Integer> alone = new ArrayList<>(List.of(0, 1, 2));
        while (!alone.isEmpty() && System.currentTimeMillis() < deadline) {
            alone.removeIf(instance -> gridMembers(instance) == INSTANCES);
            TimeUnit.MILLISECONDS.sleep(500);
        }
        assertThat(alone)
                .as("instances whose tollgate_cluster_members never showed " + INSTANCES)
                .isEmpty();
        for (Path log : logs) {
            assertThat(readQuietly(log)).contains("Data grid: " + INSTANCES + " member(s)");
        }
    }

    private static int gridMembers(int instance) {
        try {
            HttpResponse<String> metrics = send(
                    HttpRequest.newBuilder(URI.create(tollgates.get(instance).baseUrl() + "/metrics"))
                            .header("accept", "text/plain"));
            for (String line : metrics.body().split("\n")) {
                if (line.startsWith("tollgate_cluster_members")) {
                    return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    @Order(2)
    void aSessionOpenedOnOneInstanceHoldsOnEveryOtherUntilLoggedOutAnywhere() throws Exception {
        HttpResponse<String> loggedIn = send(login(0, DASHBOARD_KEY));
        assertThat(loggedIn.statusCode()).isEqualTo(303);
        String setCookie = loggedIn.headers().allValues("set-cookie").stream()
                .filter(cookie -> cookie.startsWith("dashboard_auth="))
                .findFirst()
                .orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        for (int i = 0; i < INSTANCES; i++) {
            HttpResponse<String> page = send(dashboard(i).header("cookie", cookie));
            assertThat(page.statusCode()).as("instance " + i).isEqualTo(200);
            assertThat(page.body()).as("instance " + i).contains("api-key");
        }

        HttpResponse<String> loggedOut =
                send(HttpRequest.newBuilder(URI.create(tollgates.get(2).baseUrl() + "/dashboard/logout"))
                        .header("cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(loggedOut.statusCode()).isEqualTo(303);
        HttpResponse<String> after = send(dashboard(0).header("cookie", cookie));
        assertThat(after.statusCode())
                .as("the session ended on instance 2 is gone on instance 0")
                .isEqualTo(303);
        assertThat(after.headers().firstValue("location")).hasValue("/dashboard/login");
    }

    @Test
    @Order(3)
    void aCoolDownOneInstanceLearntFromA429IsKnownToAll() throws Exception {
        String key = issueKey(UUID.randomUUID());
        for (int i = 0; i < INSTANCES; i++) {
            awaitStatus(i, key, 200, Duration.ofSeconds(30));
        }
        HttpResponse<String> limited =
                send(messages(0, key).header("x-sim-status", "429").header("x-sim-retry-after", "120"));
        assertThat(limited.statusCode()).isEqualTo(429);

        Pattern cooling = Pattern.compile("\"coolingDown\"\\s*:\\s*\"cluster\"");
        for (int i = 0; i < INSTANCES; i++) {
            long deadline = System.currentTimeMillis() + 10_000;
            String health;
            while (true) {
                health = send(HttpRequest.newBuilder(URI.create(tollgates.get(i).baseUrl() + "/health"))
                                .GET())
                        .body();
                if (cooling.matcher(health).find() || System.currentTimeMillis() > deadline) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            assertThat(health).as("instance " + i).containsPattern(cooling);
        }
    }

    @Test
    @Order(4)
    void aKeyRevokedInTheDatabaseIsRefusedByEveryInstanceWithinTwoSeconds() throws Exception {
        UUID id = UUID.randomUUID();
        String key = issueKey(id);
        for (int i = 0; i < INSTANCES; i++) {
            awaitStatus(i, key, 200, Duration.ofSeconds(30));
        }

        long revokedAt;
        try (Connection connection =
                        DriverManager.getConnection(stack.database().jdbcUrl());
                PreparedStatement revoke =
                        connection.prepareStatement("UPDATE client_api_keys SET revoked_at = now() WHERE id = ?")) {
            revoke.setObject(1, id);
            revoke.executeUpdate();
            revokedAt = System.nanoTime();
        }
        for (int i = 0; i < INSTANCES; i++) {
            Duration left = Duration.ofSeconds(2).minusNanos(System.nanoTime() - revokedAt);
            awaitStatus(i, key, 401, left.isNegative() ? Duration.ZERO : left);
        }
    }

    @Test
    @Order(5)
    void failedAuthenticationsOnSomeInstancesSlowDownTheNextOnAnother() throws Exception {
        // five failures go unpunished (tollgate.auth.failures-before-delay), then 250, 500, 1000 ms...
        for (int attempt = 0; attempt < 7; attempt++) {
            assertThat(send(messages(attempt % 2, "cnp_live_guess_" + attempt)).statusCode())
                    .isEqualTo(401);
        }
        long started = System.nanoTime();
        assertThat(send(messages(2, "cnp_live_guess_7")).statusCode()).isEqualTo(401);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        // alone, instance 2 would have seen its first failure and answered at once
        assertThat(tookMillis)
                .as("the eighth failure of this address, counted across the grid, waits 1,000 ms")
                .isGreaterThanOrEqualTo(900);
    }

    @Test
    @Order(6) // last: it throttles this machine's logins for a minute
    void failedLoginsOnOneInstanceThrottleTheOthers() throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(send(login(attempt % INSTANCES, "wrong-" + attempt)).statusCode())
                    .isEqualTo(401);
        }
        for (int i = 0; i < INSTANCES; i++) {
            HttpResponse<String> refused = send(login(i, DASHBOARD_KEY));
            assertThat(refused.statusCode())
                    .as("instance " + i + " counts the failures made on the others")
                    .isEqualTo(429);
        }
    }

    private static HttpRequest.Builder login(int instance, String key) {
        return HttpRequest.newBuilder(URI.create(tollgates.get(instance).baseUrl() + "/dashboard/login"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + key));
    }

    private static HttpRequest.Builder dashboard(int instance) {
        return HttpRequest.newBuilder(URI.create(tollgates.get(instance).baseUrl() + "/dashboard/"))
                .GET();
    }

    /** Issues a client key of the train {@code cluster-train} in the database, as the dashboard does. */
    private static String issueKey(UUID id) throws Exception {
        String key = "cnp_live_cluster_" + UUID.randomUUID();
        try (Connection connection =
                        DriverManager.getConnection(stack.database().jdbcUrl());
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO client_api_keys (id, train_id, name, key_sha256, key_prefix, key_suffix)"
                                + " VALUES (?, 'cluster-train', 'cluster-it', ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(
                    2,
                    HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))));
            insert.setString(3, key.substring(0, 12));
            insert.setString(4, key.substring(key.length() - 4));
            insert.executeUpdate();
        }
        return key;
    }

    private static HttpRequest.Builder messages(int instance, String key) {
        return HttpRequest.newBuilder(URI.create(tollgates.get(instance).baseUrl() + "/v1/messages"))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("x-train-id", "cluster-train")
                .header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString(Http.SIMPLE_BODY));
    }

    /** Polls the instance until the key gets the status, at least once even with no time left. */
    private static void awaitStatus(int instance, String key, int status, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int last;
        do {
            last = send(messages(instance, key)).statusCode();
            if (last == status) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        } while (System.nanoTime() < deadline);
        assertThat(last)
                .as("instance " + instance + " within " + within.toMillis() + " ms")
                .isEqualTo(status);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return NO_REDIRECTS.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}

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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * authentications and logins on some slow down or throttle the others, a key revoked in the
 * database is refused by every instance within 2 s, a quota holds for the sum of the instances, and
 * an OAuth token that expires under a storm of requests on all of them is refreshed exactly once
 * (issue 15, ADR 0013).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int INSTANCES = 3;
    private static final String DASHBOARD_KEY = "cluster-it-dashboard-key-0123456789";
    private static final String QUOTA_TRAIN = "cluster-quota";
    private static final int QUOTA = 6;
    private static final String STORM_ACCOUNT = "storm";
    private static final String FILE_ACCOUNT = "file-changes";
    private static final String STORM_ACCESS = "sk-ant-oat01-cluster-it-storm-access";
    private static final String STORM_REFRESH = "sk-ant-ort01-cluster-it-storm-refresh";
    private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static OwnStack stack;
    private static final List<Integer> gridPorts = new ArrayList<>();
    private static String members;
    private static Path quotas;
    private static String quotaKey;
    private static final List<PayaraMicroProcess> tollgates = new ArrayList<>();
    private static final List<Path> logs = new ArrayList<>();

    @BeforeAll
    static void startThreeInstances() throws Exception {
        stack = OwnStack.create("cluster");
        // an earlier run's refreshed tokens would outlive the ones this run writes
        Files.deleteIfExists(stack.credentials().resolve(STORM_ACCOUNT + ".credentials.json"));
        Files.writeString(
                stack.credentials().resolve("cluster.credentials.json"),
                "{\"type\":\"api_key\",\"accountId\":\"acc_cluster\",\"api_key\":\"sk-ant-api03-cluster-it-key\"}");
        for (int i = 0; i < INSTANCES; i++) {
            gridPorts.add(TollgateStack.freePort());
        }
        quotas = stack.work().resolve("quotas.json");
        Files.writeString(quotas, "{\"trains\": {\"" + QUOTA_TRAIN + "\": {\"requests\": {\"hour\": " + QUOTA + "}}}}");
        members = gridPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        for (int i = 0; i < INSTANCES; i++) {
            tollgates.add(stack.startInstance("grid-" + i, settings(i)));
            logs.add(stack.work().resolve("payara-micro-grid-" + i + ".log"));
        }
        for (PayaraMicroProcess tollgate : tollgates) {
            tollgate.awaitReady(Duration.ofMinutes(6));
        }
    }

    private static Map<String, String> settings(int instance) {
        return Map.of(
                "TOLLGATE_CLUSTER_MEMBERS",
                members,
                "TOLLGATE_CLUSTER_PORT",
                String.valueOf(gridPorts.get(instance)),
                "TOLLGATE_INSTANCE_NAME",
                "cluster-it-" + instance,
                "DASHBOARD_API_KEY",
                DASHBOARD_KEY,
                "TOLLGATE_QUOTAS_FILE",
                quotas.toAbsolutePath().toString(),
                "CLAUDE_OAUTH_TOKEN_URL",
                stack.simulator().baseUrl() + "/v1/oauth/token",
                // refreshed when expired, by the timers and the requests that find it so
                "TOLLGATE_OAUTH_REFRESH_BEFORE_EXPIRY_SECONDS",
                "0");
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
    @Order(3)
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
    @Order(4)
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
    @Order(8)
    void aKeyIssuedOrRevokedInTheDatabaseIsSoForEveryInstanceWithinTwoSeconds() throws Exception {
        UUID id = UUID.randomUUID();
        String key = issueKey(id);
        // one request each after 2 s, not polling: unknown-key answers would feed the failed-auth throttle
        TimeUnit.SECONDS.sleep(2);
        for (int i = 0; i < INSTANCES; i++) {
            assertThat(send(messages(i, key)).statusCode())
                    .as("instance %d, 2 s after the key was issued", i)
                    .isEqualTo(200);
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
    @Order(9)
    void aCredentialFileAddedOrChangedIsUsedByEveryInstanceWithinTwoSeconds() throws Exception {
        String key = issueKey(UUID.randomUUID());
        Path file = stack.credentials().resolve(FILE_ACCOUNT + ".credentials.json");
        try {
            for (String apiKey : List.of(
                    "sk-ant-api03-cluster-added-" + UUID.randomUUID(),
                    "sk-ant-api03-cluster-changed-" + UUID.randomUUID())) {
                // as an operator's tool should: a complete file moved into place
                Path written = Files.writeString(
                        stack.credentials().resolve(FILE_ACCOUNT + ".tmp"),
                        "{\"type\":\"api_key\",\"accountId\":\"acc_file\",\"api_key\":\"" + apiKey + "\"}");
                Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
                Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                TimeUnit.SECONDS.sleep(2);
                for (int i = 0; i < INSTANCES; i++) {
                    stack.simulator().clearRecordedRequests();
                    assertThat(send(messages(i, key).header("msl-account", FILE_ACCOUNT))
                                    .statusCode())
                            .as("instance %d, pinned to the account of %s", i, file.getFileName())
                            .isEqualTo(200);
                    assertThat(stack.simulator().recordedRequests().stream()
                                    .filter(request -> request.path().equals("/v1/messages"))
                                    .map(request -> request.header("x-api-key")))
                            .as("the key instance %d sends, 2 s after the file was written", i)
                            .containsExactly(apiKey);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    @Order(2)
    // early: the throttle's window (60 s) must hold no failures of other tests, such as the 401s of
    // the revoked key, which come more than a minute later (after an instance's restart)
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
    @Order(5)
    void aQuotaHoldsForTheSumOfTheInstances() throws Exception {
        String key = issueKey(UUID.randomUUID(), null); // any train: known everywhere via cluster-train first
        quotaKey = key;
        for (int i = 0; i < INSTANCES; i++) {
            awaitStatus(i, key, 200, Duration.ofSeconds(30));
        }
        List<Integer> statuses = new ArrayList<>();
        for (int request = 0; request < 2 * QUOTA; request++) {
            statuses.add(send(messages(request % INSTANCES, key, QUOTA_TRAIN)).statusCode());
            // the peers learn a count within tollgate.quotas.share-interval-ms (100 ms): requests
            // closer together than that may overshoot, which is the documented bound
            TimeUnit.MILLISECONDS.sleep(250);
        }
        List<Integer> expected = new ArrayList<>();
        for (int request = 0; request < 2 * QUOTA; request++) {
            expected.add(request < QUOTA ? 200 : 429);
        }
        assertThat(statuses)
                .as(QUOTA + " requests an hour in all, sent to the three instances in turn")
                .isEqualTo(expected);
    }

    @Test
    @Order(6)
    void anOAuthTokenExpiringUnderAStormOnEveryInstanceIsRefreshedExactlyOnce() throws Exception {
        long expiresAt = System.currentTimeMillis() + 8_000;
        Path file = stack.credentials().resolve(STORM_ACCOUNT + ".credentials.json");
        Files.writeString(
                file,
                "{\"type\":\"oauth\",\"accountId\":\"acc_storm\",\"oauth\":{\"accessToken\":\"" + STORM_ACCESS
                        + "\",\"refreshToken\":\"" + STORM_REFRESH + "\",\"expiresAt\":" + expiresAt
                        + ",\"scopes\":[\"user:inference\"],\"isMax\":true}}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        String key = issueKey(UUID.randomUUID());
        for (int i = 0; i < INSTANCES; i++) {
            awaitStatus(i, key, 200, Duration.ofSeconds(30), STORM_ACCOUNT); // every instance has the account
        }
        while (System.currentTimeMillis() <= expiresAt) {
            TimeUnit.MILLISECONDS.sleep(20);
        }

        long grantsBefore = stack.simulator().refreshGrants();
        int storm = 1_000;
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int request = 0; request < storm; request++) {
            answers.add(client.sendAsync(
                    messages(request % INSTANCES, key)
                            .header("msl-account", STORM_ACCOUNT)
                            .timeout(Duration.ofSeconds(120))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, Long> statuses = answers.stream()
                .map(java.util.concurrent.CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

        assertThat(statuses).as("statuses of the storm").isEqualTo(Map.of(200, (long) storm));
        assertThat(stack.simulator().refreshGrants() - grantsBefore)
                .as("refresh calls at the token endpoint")
                .isEqualTo(1);
        long refreshedBy = logs.stream()
                .filter(log -> readQuietly(log).contains("Refreshed the token of account " + STORM_ACCOUNT))
                .count();
        assertThat(refreshedBy).as("instances that called the endpoint").isEqualTo(1);

        // the new tokens, atomically in the file with mode 0600, are what every instance now sends
        String written = Files.readString(file);
        assertThat(written).doesNotContain(STORM_REFRESH).doesNotContain(STORM_ACCESS);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String newAccess = written.replaceAll("(?s).*\"accessToken\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        for (int i = 0; i < INSTANCES; i++) {
            stack.simulator().clearRecordedRequests();
            assertThat(send(messages(i, key).header("msl-account", STORM_ACCOUNT))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(stack.simulator().recordedRequests().stream()
                            .filter(request -> request.path().equals("/v1/messages"))
                            .map(request -> request.header("authorization")))
                    .as("instance " + i + " uses the refreshed token")
                    .containsExactly("Bearer " + newAccess);
        }
    }

    @Test
    @Order(7)
    void killingAnInstanceUnderLoadLosesNoAnsweredRequestsRowAndNoQuotaCount() throws Exception {
        String key = issueKey(UUID.randomUUID());
        awaitStatus(1, key, 200, Duration.ofSeconds(30));
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService load = Executors.newFixedThreadPool(16);
        for (int thread = 0; thread < 16; thread++) {
            load.execute(() -> {
                while (!killed.get()) {
                    try {
                        HttpResponse<String> answer = send(messages(1, key));
                        if (answer.statusCode() == 200) {
                            answered.add(answer.headers()
                                    .firstValue("x-tollgate-request-id")
                                    .orElseThrow());
                        }
                    } catch (Exception brokenByTheKill) {
                        // the requests in flight when the JVM dies get no answer: they need no row
                    }
                }
            });
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (answered.size() < 500 && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        tollgates.get(1).kill(); // kill -9, under load
        killed.set(true);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(answered).hasSizeGreaterThanOrEqualTo(500);

        PayaraMicroProcess restarted = stack.startInstance("grid-1-restarted", "grid-1", settings(1));
        tollgates.set(1, restarted);
        restarted.awaitReady(Duration.ofMinutes(6));

        Set<String> missing = new HashSet<>(answered);
        deadline = System.currentTimeMillis() + 60_000;
        while (!missing.isEmpty() && System.currentTimeMillis() < deadline) {
            missing.removeAll(journaled(missing));
            TimeUnit.MILLISECONDS.sleep(250);
        }
        assertThat(missing)
                .as("answered requests without a row, of " + answered.size())
                .isEmpty();
        assertThat(readQuietly(stack.work().resolve("payara-micro-grid-1-restarted.log")))
                .contains("in-flight segment(s) left by a process that did not stop cleanly");
        // the quota counts of the instance killed are still in force on it, and on the others
        for (int i = 0; i < INSTANCES; i++) {
            assertThat(send(messages(i, quotaKey, QUOTA_TRAIN)).statusCode())
                    .as("instance " + i)
                    .isEqualTo(429);
        }
    }

    /** Which of these request ids have their row in {@code api_requests}, each exactly once. */
    private static Set<String> journaled(Set<String> requestIds) throws Exception {
        try (Connection connection =
                        DriverManager.getConnection(stack.database().jdbcUrl());
                PreparedStatement query = connection.prepareStatement("SELECT request_id::text, count(*)"
                        + " FROM api_requests WHERE request_id::text = ANY (?) GROUP BY 1")) {
            query.setArray(1, connection.createArrayOf("text", requestIds.toArray()));
            Set<String> found = new HashSet<>();
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    assertThat(rows.getLong(2))
                            .as("rows of " + rows.getString(1))
                            .isEqualTo(1);
                    found.add(rows.getString(1));
                }
            }
            return found;
        }
    }

    @Test
    @Order(10) // last: it throttles this machine's logins for a minute
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

    private static String issueKey(UUID id) throws Exception {
        return issueKey(id, "cluster-train");
    }

    /** Issues a client key of the train (null: of every train) in the database, as the dashboard does. */
    private static String issueKey(UUID id, String train) throws Exception {
        String key = "cnp_live_cluster_" + UUID.randomUUID();
        try (Connection connection =
                        DriverManager.getConnection(stack.database().jdbcUrl());
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO client_api_keys (id, train_id, name, key_sha256, key_prefix, key_suffix)"
                                + " VALUES (?, ?, 'cluster-it', ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, train);
            insert.setString(
                    3,
                    HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))));
            insert.setString(4, key.substring(0, 12));
            insert.setString(5, key.substring(key.length() - 4));
            insert.executeUpdate();
        }
        return key;
    }

    private static HttpRequest.Builder messages(int instance, String key) {
        return messages(instance, key, "cluster-train");
    }

    private static HttpRequest.Builder messages(int instance, String key, String train) {
        return HttpRequest.newBuilder(URI.create(tollgates.get(instance).baseUrl() + "/v1/messages"))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("x-train-id", train)
                .header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString(Http.SIMPLE_BODY));
    }

    /** Polls the instance until the key gets the status, at least once even with no time left. */
    private static void awaitStatus(int instance, String key, int status, Duration within) throws Exception {
        awaitStatus(instance, key, status, within, null);
    }

    /** As above, pinned to an account ({@code MSL-Account}) unless null. */
    private static void awaitStatus(int instance, String key, int status, Duration within, String account)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int last;
        do {
            HttpRequest.Builder request = messages(instance, key);
            last = send(account == null ? request : request.header("msl-account", account))
                    .statusCode();
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

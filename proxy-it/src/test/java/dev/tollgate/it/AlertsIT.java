package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tollgate.cli.launch.PayaraMicroProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Alerts as an operator's Slack channel gets them: a Tollgate of its own (database, simulator and
 * Payara Micro, since the test stops the database) whose {@code SLACK_WEBHOOK_URL} and one account
 * file's {@code slack} webhook point to a local receiver that records what it is sent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String CLIENT_KEY = "cnp_test_alerts_it_client_key_0123456789";
    private static final String WRONG_KEY = "cnp_test_alerts_it_WRONG_key_9876543210";
    /** The path of a webhook URL is its secret: neither may ever show up in Tollgate's log. */
    private static final String GLOBAL_SECRET = "T0GLOBAL/B0GLOBAL/globalHookSecret" + RUN;

    private static final String ACCOUNT_SECRET = "T0ACCT/B0ACCT/accountHookSecret" + RUN;
    private static final String DOMAIN_SECRET = "T0DOM/B0DOM/domainHookSecret" + RUN;
    /** A domain with a credential file of its own, whose failed authentications go to its own webhook. */
    private static final String DOMAIN = "app.alerts.example";

    private static final String REVOKED_ACCESS = "sk-ant-oat01-alerts-revoked-" + RUN;
    private static final String REVOKED_REFRESH = "sk-ant-ort01-alerts-revoked-" + RUN;
    private static final int STORM = 300;
    private static final String QUOTA_TRAIN = "quota-storm-" + RUN;

    /** Long enough that a second message within one test would be a failure of the rate limit. */
    private static final int MIN_INTERVAL_SECONDS = 600;

    private record Post(String path, JsonObject body) {
        String text() {
            return body.getString("text");
        }
    }

    private static final List<Post> posts = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static OwnStack stack;
    private static Path reloginFile;
    private static PayaraMicroProcess tollgate;
    private static Path log;

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posts.add(new Post(
                    exchange.getRequestURI().getPath(),
                    Json.createReader(new StringReader(body)).readObject()));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        receiver.start();

        stack = OwnStack.create("alerts-" + RUN);
        stack.simulator().revokeRefreshToken(REVOKED_REFRESH);

        Path credentials = stack.credentials();
        Path accounts = Files.createDirectories(credentials.resolve("accounts"));
        Files.writeString(
                credentials.resolve("alerts.credentials.json"),
                "{\"type\":\"api_key\",\"accountId\":\"acc_alerts\",\"api_key\":\"sk-ant-api03-alerts-it-key\"}");
        Files.writeString(
                credentials.resolve(DOMAIN + ".credentials.json"),
                "{\"type\":\"api_key\",\"accountId\":\"acc_domain\",\"api_key\":\"sk-ant-api03-alerts-domain-key\","
                        + "\"slack\":{\"webhook_url\":\"" + webhookUrl("domain", DOMAIN_SECRET) + "\"}}");
        // expired, and its refresh token refused: the first refresh finds it needs a new login
        reloginFile = accounts.resolve("relogin.credentials.json");
        Files.writeString(
                reloginFile,
                "{\"type\":\"oauth\",\"accountId\":\"acc_relogin\",\"oauth\":{\"accessToken\":\"" + REVOKED_ACCESS
                        + "\",\"refreshToken\":\"" + REVOKED_REFRESH + "\",\"expiresAt\":"
                        + (System.currentTimeMillis() - 3_600_000)
                        + ",\"scopes\":[\"user:inference\"],\"isMax\":false},"
                        + "\"slack\":{\"webhook_url\":\"" + webhookUrl("account", ACCOUNT_SECRET) + "\","
                        + "\"channel\":\"#relogin-alerts\",\"username\":\"Tollgate IT\",\"icon_emoji\":\":key:\","
                        + "\"enabled\":true}}");

        // one train with a tiny quota: the quota storm below
        Path quotas = stack.work().resolve("quotas.json");
        Files.writeString(quotas, "{\"trains\":{\"" + QUOTA_TRAIN + "\":{\"requests\":{\"minute\":2}}}}");

        Map<String, String> environment = new HashMap<>();
        environment.put("TOLLGATE_QUOTAS_FILE", quotas.toAbsolutePath().toString());
        environment.put("CLAUDE_OAUTH_TOKEN_URL", stack.simulator().baseUrl() + "/v1/oauth/token");
        environment.put("SECURITY__AUTH_TOKEN", CLIENT_KEY);
        environment.put("TOLLGATE_JOURNAL_RETRY_MAX_BACKOFF_MS", "1000");
        // the storm fails authentication on purpose: keep the guessing penalty short
        environment.put("TOLLGATE_AUTH_MAX_FAILURE_DELAY_MS", "100");
        environment.put("SLACK_WEBHOOK_URL", webhookUrl("global", GLOBAL_SECRET));
        environment.put("SLACK_CHANNEL", "#tollgate-ops");
        environment.put("TOLLGATE_ALERTS_MIN_INTERVAL_SECONDS", String.valueOf(MIN_INTERVAL_SECONDS));
        environment.put("TOLLGATE_ALERTS_JOURNAL_CHECK_SECONDS", "1");
        log = stack.work().resolve("payara-micro-alerts.log");
        tollgate = stack.startTollgate(log, environment);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private static String webhookUrl(String receiverPath, String secret) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/" + receiverPath + "/services/" + secret;
    }

    private static List<Post> postsTo(String receiverPath, Predicate<String> text) {
        return posts.stream()
                .filter(post -> post.path().startsWith("/" + receiverPath + "/"))
                .filter(post -> text.test(post.text()))
                .toList();
    }

    /** Waits until at least one such message arrived, at most the timeout; returns what arrived. */
    private static List<Post> awaitPosts(String receiverPath, Predicate<String> text, Duration timeout)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (postsTo(receiverPath, text).isEmpty() && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return postsTo(receiverPath, text);
    }

    /** Gives a second message, which must not come, the time it would have needed to arrive. */
    private static void quietPeriod() throws InterruptedException {
        TimeUnit.SECONDS.sleep(5);
    }

    @Test
    @Order(1)
    void anAccountThatNeedsANewLoginIsReportedOnceOnItsOwnWebhookWithTheCommandThatFixesIt() throws Exception {
        Predicate<String> relogin = text -> text.contains("`relogin` needs a new login");
        List<Post> arrived = awaitPosts("account", relogin, Duration.ofMinutes(1));

        assertThat(arrived).as("re-login alerts on the account's own webhook").hasSize(1);
        Post alert = arrived.get(0);
        assertThat(alert.path()).isEqualTo("/account/services/" + ACCOUNT_SECRET);
        assertThat(alert.text())
                .startsWith(":rotating_light: *Tollgate: OAuth account `relogin` needs a new login*")
                .contains("invalid_grant")
                .contains("`./tollgate oauth-login " + reloginFile.toAbsolutePath() + "`")
                .doesNotContain(REVOKED_ACCESS, REVOKED_REFRESH, ACCOUNT_SECRET);
        assertThat(alert.body().getString("channel")).isEqualTo("#relogin-alerts");
        assertThat(alert.body().getString("username")).isEqualTo("Tollgate IT");
        assertThat(alert.body().getString("icon_emoji")).isEqualTo(":key:");

        quietPeriod();
        assertThat(postsTo("account", relogin)).hasSize(1);
        assertThat(postsTo("global", relogin))
                .as("re-login alerts on the global webhook")
                .isEmpty();
    }

    @Test
    @Order(2)
    void aStormOfFailedAuthenticationsSendsOneMessage() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < STORM; i++) {
                statuses.add(clients.submit(() -> Http.CLIENT
                        .send(
                                messages(WRONG_KEY)
                                        .header("x-train-id", "storm-train")
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(401);
            }
        } finally {
            clients.shutdownNow();
        }
        // every refusal journaled means every one has been seen by the alerts (announced before it is stored)
        long deadline = System.currentTimeMillis() + 60_000;
        while (refusals() < STORM && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        assertThat(refusals()).isGreaterThanOrEqualTo(STORM);

        Predicate<String> spike = text -> text.contains("failed client authentications");
        List<Post> arrived = awaitPosts("global", spike, Duration.ofSeconds(30));
        assertThat(arrived).as("alerts about the storm").hasSize(1);
        assertThat(arrived.get(0).text())
                .startsWith(":warning: *Tollgate: More than 20 failed client authentications within 60 s on domain `")
                .contains("train `storm-train`", "`POST /v1/messages`")
                .doesNotContain(WRONG_KEY, CLIENT_KEY);
        assertThat(arrived.get(0).body().getString("channel")).isEqualTo("#tollgate-ops");

        quietPeriod();
        assertThat(postsTo("global", spike))
                .as("alerts about the storm, a little later")
                .hasSize(1);
        assertThat(postsTo("account", spike)).isEmpty();
    }

    @Test
    @Order(3)
    void aTrainHammeringItsQuotaSendsOneMessage() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(Http.CLIENT
                    .send(
                            messages(CLIENT_KEY)
                                    .header("x-train-id", QUOTA_TRAIN)
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode());
        }
        assertThat(statuses.subList(0, 2)).containsOnly(200);
        assertThat(statuses.subList(2, statuses.size())).as("over the quota").containsOnly(429);

        Predicate<String> quota = text -> text.contains("Quota exhausted") && text.contains(QUOTA_TRAIN);
        List<Post> arrived = awaitPosts("global", quota, Duration.ofSeconds(30));
        assertThat(arrived).as("alerts about 38 refusals").hasSize(1);
        assertThat(arrived.get(0).text()).contains("2 requests per minute", "TOLLGATE_QUOTAS_FILE");
        quietPeriod();
        assertThat(postsTo("global", quota)).as("a little later").hasSize(1);
    }

    @Test
    @Order(3)
    void aSpikeOnADomainWithItsOwnCredentialFileGoesToThatFilesWebhook() throws Exception {
        int failures = 60;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<String>> statusLines = new ArrayList<>();
        try {
            for (int i = 0; i < failures; i++) {
                statusLines.add(clients.submit(() -> postWithHost(DOMAIN, WRONG_KEY)));
            }
            for (Future<String> statusLine : statusLines) {
                assertThat(statusLine.get()).contains(" 401 ");
            }
        } finally {
            clients.shutdownNow();
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (refusalsOn(DOMAIN) < failures && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        assertThat(refusalsOn(DOMAIN)).isGreaterThanOrEqualTo(failures);

        Predicate<String> spike =
                text -> text.contains("failed client authentications within 60 s on domain `" + DOMAIN);
        List<Post> arrived = awaitPosts("domain", spike, Duration.ofSeconds(30));
        assertThat(arrived).as("alerts on the domain's own webhook").hasSize(1);
        assertThat(arrived.get(0).path()).isEqualTo("/domain/services/" + DOMAIN_SECRET);
        assertThat(arrived.get(0).body().containsKey("channel"))
                .as("the global SLACK_CHANNEL is not the domain's")
                .isFalse();

        quietPeriod();
        assertThat(postsTo("domain", spike)).hasSize(1);
        assertThat(postsTo("global", spike))
                .as("the domain's alerts on the global webhook")
                .isEmpty();
    }

    @Test
    @Order(4)
    void aJournalThatSpillsToDiskIsReportedOnceAndSoIsItsRecovery() throws Exception {
        stack.stopDatabase();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = Http.CLIENT.send(
                    messages(CLIENT_KEY).header("x-train-id", "spill-train").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        Predicate<String> spilling = text -> text.contains("The journal is spilling to local disk");
        List<Post> spilled = awaitPosts("global", spilling, Duration.ofMinutes(1));
        assertThat(spilled).hasSize(1);
        assertThat(spilled.get(0).text()).contains("journal-spill", "DATABASE_URL");

        stack.startDatabase();
        List<Post> recovered =
                awaitPosts("global", text -> text.contains("The journal has recovered"), Duration.ofMinutes(2));
        assertThat(recovered).hasSize(1);
        assertThat(postsTo("global", spilling)).hasSize(1);
    }

    @Test
    @Order(5)
    void noWebhookUrlEverShowsUpInTheLog() throws IOException {
        String written = Files.readString(log);
        assertThat(written)
                .contains(
                        "Alerts go to http://127.0.0.1:" + receiver.getAddress().getPort() + "/****");
        assertThat(written).contains("Alert (to http://127.0.0.1:");
        assertThat(written).doesNotContain(GLOBAL_SECRET, ACCOUNT_SECRET, DOMAIN_SECRET, "HookSecret" + RUN);
    }

    private static HttpRequest.Builder messages(String clientKey) {
        return HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + "/v1/messages"))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("x-api-key", clientKey)
                .POST(HttpRequest.BodyPublishers.ofString(Http.SIMPLE_BODY));
    }

    /** A POST with a Host of our choosing, which the JDK client will not send; returns the status line. */
    private static String postWithHost(String host, String clientKey) throws IOException {
        URI base = URI.create(tollgate.baseUrl());
        byte[] body = Http.SIMPLE_BODY.getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/messages HTTP/1.1\r\nHost: " + host + "\r\nx-api-key: " + clientKey
                + "\r\ncontent-type: application/json\r\nanthropic-version: 2023-06-01\r\nConnection: close"
                + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
        }
    }

    private static long refusalsOn(String domain) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(stack.database().jdbcUrl());
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM api_requests WHERE response_status = 401 AND domain = ?")) {
            statement.setString(1, domain);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static long refusals() throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(stack.database().jdbcUrl());
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM api_requests WHERE response_status = 401 AND train_id = ?")) {
            statement.setString(1, "storm-train");
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}

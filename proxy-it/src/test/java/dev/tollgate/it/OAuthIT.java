package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.cli.launch.PayaraMicroProcess;
import dev.tollgate.cli.launch.RuntimeLayout;
import dev.tollgate.sim.RecordedRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OAuth accounts against the simulator's token endpoint: a Tollgate of its own (sharing the stack's
 * database and simulator) whose accounts are subscriptions in the seed format.
 */
class OAuthIT {

    private static final String CLIENT_KEY = "cnp_live_oauth_it_client_key_abcdefghijklmnopqrstuvw";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SOON_REFRESH = "sk-ant-ort01-soon-" + RUN;
    private static final String EXPIRED_REFRESH = "sk-ant-ort01-expired-" + RUN;
    private static final String REVOKED_REFRESH = "sk-ant-ort01-revoked-" + RUN;
    private static final String REVOKED_ACCESS = "sk-ant-oat01-revoked-" + RUN;
    private static final String CUT_OFF_ACCESS = "sk-ant-oat01-cut-off-" + RUN;
    private static final String CUT_OFF_REFRESH = "sk-ant-ort01-cut-off-" + RUN;

    private static PayaraMicroProcess tollgate;
    private static Path accounts;

    @BeforeAll
    static void start() throws Exception {
        TollgateStack stack = TollgateStack.get();
        Path work = Path.of(System.getProperty("tollgate.work.dir", "target/it-work"));
        Path credentials = work.resolve("oauth-credentials-" + RUN);
        accounts = Files.createDirectories(credentials.resolve("accounts"));
        long now = System.currentTimeMillis();
        writeOAuth("soon", "sk-ant-oat01-soon-" + RUN, SOON_REFRESH, now + 30_000);
        writeOAuth("revoked", REVOKED_ACCESS, REVOKED_REFRESH, now - 3_600_000);
        stack.simulator().revokeRefreshToken(REVOKED_REFRESH);
        writeOAuth("cut-off", CUT_OFF_ACCESS, CUT_OFF_REFRESH, now + 3_600_000);
        Files.writeString(
                accounts.resolve("backup.credentials.json"),
                "{\"type\":\"api_key\",\"accountId\":\"acc_backup\",\"api_key\":\"sk-ant-api03-oauth-it-backup\"}");

        tollgate = PayaraMicroProcess.start(
                RuntimeLayout.in(Path.of(System.getProperty("tollgate.runtime.dir", "target/runtime"))),
                TollgateStack.freePort(),
                Path.of(System.getProperty("tollgate.config.dir", "../config")),
                Map.of(
                        "DATABASE_URL",
                        stack.database().jdbcUrl(),
                        "CLAUDE_API_BASE_URL",
                        stack.simulator().baseUrl(),
                        "CLAUDE_OAUTH_TOKEN_URL",
                        stack.simulator().baseUrl() + "/v1/oauth/token",
                        "CREDENTIALS_DIR",
                        credentials.toAbsolutePath().toString(),
                        "SECURITY__AUTH_TOKEN",
                        CLIENT_KEY,
                        "TOLLGATE_JOURNAL_SPILL_DIR",
                        work.resolve("oauth-journal-spill").toAbsolutePath().toString(),
                        // the timer checks at start-up, then only hourly: an account added later
                        // must be refreshed by the requests that find its token expired
                        "TOLLGATE_OAUTH_CHECK_INTERVAL_SECONDS",
                        "3600"),
                work.resolve("payara-micro-oauth.log"));
        tollgate.awaitReady(Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        if (tollgate != null) {
            tollgate.close();
        }
    }

    private static void writeOAuth(String name, String access, String refresh, long expiresAt) throws Exception {
        Path file = accounts.resolve(name + ".credentials.json");
        Files.writeString(
                file,
                "{\"type\":\"oauth\",\"accountId\":\"acc_" + name + "\",\"client_api_key\":\"cnp_live_" + name
                        + "_file_key\","
                        + "\"note\":\"kept by refreshes\",\"oauth\":{\"accessToken\":\"" + access
                        + "\",\"refreshToken\":\""
                        + refresh + "\",\"expiresAt\":" + expiresAt
                        + ",\"scopes\":[\"user:inference\",\"user:profile\"],\"isMax\":true}}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static List<RecordedRequest> tokenCalls(String refreshToken) {
        return TollgateStack.get().simulator().recordedRequests().stream()
                .filter(request -> request.path().equals("/v1/oauth/token"))
                .filter(request -> request.bodyAsString().contains(refreshToken))
                .toList();
    }

    private static JsonObject file(String name) throws Exception {
        return Json.createReader(new StringReader(Files.readString(accounts.resolve(name + ".credentials.json"))))
                .readObject();
    }

    private static HttpRequest.Builder post(String testId) {
        return HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + "/v1/messages"))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("x-api-key", CLIENT_KEY)
                .header(Upstream.TEST_ID, testId)
                .POST(HttpRequest.BodyPublishers.ofString(Http.SIMPLE_BODY));
    }

    @Test
    void aTokenExpiringIn30SecondsIsRefreshedByTheTimerWithNoRequestSent() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (tokenCalls(SOON_REFRESH).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(tokenCalls(SOON_REFRESH)).hasSize(1);
        JsonObject call = Json.createReader(
                        new StringReader(tokenCalls(SOON_REFRESH).get(0).bodyAsString()))
                .readObject();
        assertThat(call.getString("grant_type")).isEqualTo("refresh_token");
        assertThat(call.getString("client_id")).isEqualTo("9d1c250a-e61b-44d9-88ed-5944d1962f5e");
        assertThat(call.getString("scope")).isEqualTo("user:inference user:profile");

        // written back before use: new tokens in the file, mode 0600, every other field intact
        JsonObject file = file("soon");
        while (file.getJsonObject("oauth").getString("refreshToken").equals(SOON_REFRESH)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            file = file("soon");
        }
        JsonObject oauth = file.getJsonObject("oauth");
        assertThat(oauth.getString("refreshToken")).startsWith("sk-ant-ort01-").isNotEqualTo(SOON_REFRESH);
        assertThat(oauth.getString("accessToken")).startsWith("sk-ant-oat01-").doesNotContain("soon");
        assertThat(oauth.getJsonNumber("expiresAt").longValue()).isGreaterThan(System.currentTimeMillis() + 3_600_000);
        assertThat(oauth.getBoolean("isMax")).isTrue();
        assertThat(file.getString("note")).isEqualTo("kept by refreshes");
        assertThat(file.getString("client_api_key")).isEqualTo("cnp_live_soon_file_key");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(accounts.resolve("soon.credentials.json"))))
                .isEqualTo("rw-------");

        // requests use the new token as Bearer, with the OAuth beta merged into the client's betas
        String testId = Upstream.newTestId();
        HttpResponse<String> response = Http.CLIENT.send(
                post(testId)
                        .header("msl-account", "soon")
                        .header("anthropic-beta", "claude-code-20250219")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = Upstream.received(testId);
        assertThat(received.header("authorization")).isEqualTo("Bearer " + oauth.getString("accessToken"));
        assertThat(received.header("x-api-key")).isNull();
        assertThat(String.join(",", received.headerValues("anthropic-beta")))
                .isEqualTo("claude-code-20250219,oauth-2025-04-20");
    }

    @Test
    void twoHundredConcurrentRequestsOnAnExpiredTokenCauseExactlyOneRefresh() throws Exception {
        writeOAuth("expired", "sk-ant-oat01-expired-" + RUN, EXPIRED_REFRESH, System.currentTimeMillis() - 3_600_000);
        Thread.sleep(3_000); // Tollgate rescans the credentials every second; the timer will not look again
        String testId = Upstream.newTestId();
        ExecutorService clients = Executors.newFixedThreadPool(50);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                statuses.add(clients.submit(() -> Http.CLIENT
                        .send(
                                post(testId).header("msl-account", "expired").build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(tokenCalls(EXPIRED_REFRESH)).hasSize(1);
        String newAccess = file("expired").getJsonObject("oauth").getString("accessToken");
        assertThat(TollgateStack.get().simulator().recordedRequests().stream()
                        .filter(request -> testId.equals(request.header(Upstream.TEST_ID)))
                        .map(request -> request.header("authorization"))
                        .distinct()
                        .toList())
                .containsExactly("Bearer " + newAccess);
    }

    @Test
    void aRefusedRefreshTokenTakesTheAccountOutOfRotationAndRequestsAreServedByAnother() throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = Http.CLIENT.send(
                    post(Upstream.newTestId())
                            .header("msl-train-id", "oauth-train-" + i)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        assertThat(TollgateStack.get().simulator().recordedRequests().stream()
                        .filter(request -> request.path().equals("/v1/messages"))
                        .noneMatch(request -> ("Bearer " + REVOKED_ACCESS).equals(request.header("authorization"))))
                .isTrue();
        assertThat(JournalRows.scalar("SELECT relogin_required FROM oauth_accounts WHERE account_name = 'revoked'"))
                .isEqualTo(true);
        assertThat((String) JournalRows.scalar("SELECT last_error FROM oauth_accounts WHERE account_name = 'revoked'"))
                .contains("invalid_grant");

        // pinned, it cannot fail over: the answer names the command that fixes it
        HttpResponse<String> pinned = Http.CLIENT.send(
                post(Upstream.newTestId()).header("msl-account", "revoked").build(),
                HttpResponse.BodyHandlers.ofString());
        ErrorsIT.assertAnthropicError(pinned, 503, "api_error");
        assertThat(ErrorsIT.message(pinned)).contains("needs a new login").contains("./tollgate oauth-login");

        // readiness: still serving with the other accounts (UP), but degraded, naming the account
        HttpResponse<String> readiness = Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + "/health/ready"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        JsonObject accounts = Json.createReader(new StringReader(readiness.body()))
                .readObject()
                .getJsonArray("checks")
                .getValuesAs(JsonObject.class)
                .stream()
                .filter(check -> check.getString("name").equals("accounts"))
                .findFirst()
                .orElseThrow()
                .getJsonObject("data");
        assertThat(accounts.getString("state")).isEqualTo("degraded");
        assertThat(accounts.getString("reloginRequired")).contains("revoked");
    }

    @Test
    void anAccessTokenTheUpstreamRefusesBeforeItExpiresIsRefreshedAndARevokedLoginLeavesTheRotation() throws Exception {
        // valid for another hour, but its login is revoked now: access and refresh token refused alike
        TollgateStack.get().simulator().revokeAccessToken(CUT_OFF_ACCESS);
        TollgateStack.get().simulator().revokeRefreshToken(CUT_OFF_REFRESH);
        HttpResponse<String> refused = Http.CLIENT.send(
                post(Upstream.newTestId()).header("msl-account", "cut-off").build(),
                HttpResponse.BodyHandlers.ofString());
        ErrorsIT.assertAnthropicError(refused, 401, "authentication_error");

        long deadline = System.currentTimeMillis() + 30_000;
        Object relogin = null;
        while (System.currentTimeMillis() < deadline && !Boolean.TRUE.equals(relogin)) {
            relogin = JournalRows.scalar("SELECT relogin_required FROM oauth_accounts WHERE account_name = 'cut-off'");
            Thread.sleep(100);
        }
        assertThat(relogin)
                .as("the refresh the 401 triggered found the login revoked")
                .isEqualTo(true);

        HttpResponse<String> next = Http.CLIENT.send(
                post(Upstream.newTestId()).header("msl-account", "cut-off").build(),
                HttpResponse.BodyHandlers.ofString());
        ErrorsIT.assertAnthropicError(next, 503, "api_error");
        assertThat(ErrorsIT.message(next)).contains("./tollgate oauth-login");

        // the fix: a new login writes the file anew; Tollgate picks it up without a restart
        String relogged = "sk-ant-oat01-relogged-" + RUN;
        writeOAuth("cut-off", relogged, "sk-ant-ort01-relogged-" + RUN, System.currentTimeMillis() + 3_600_000);
        String testId = Upstream.newTestId();
        long back = System.currentTimeMillis() + 15_000;
        int status = 0;
        while (System.currentTimeMillis() < back && status != 200) {
            testId = Upstream.newTestId();
            status = Http.CLIENT
                    .send(post(testId).header("msl-account", "cut-off").build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode();
            Thread.sleep(200);
        }
        assertThat(status).as("the account after a new login").isEqualTo(200);
        assertThat(Upstream.received(testId).header("authorization")).isEqualTo("Bearer " + relogged);
    }

    @Test
    void everyAccountsStateIsRecordedApiKeyAccountsIncluded() throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        Object type = null;
        while (System.currentTimeMillis() < deadline && type == null) {
            type = JournalRows.scalar("SELECT credential_type FROM oauth_accounts WHERE account_name = 'backup'");
            Thread.sleep(100);
        }
        assertThat(type).isEqualTo("api_key");
        assertThat(JournalRows.scalar("SELECT expires_at FROM oauth_accounts WHERE account_name = 'soon'"))
                .isNotNull();
    }
}

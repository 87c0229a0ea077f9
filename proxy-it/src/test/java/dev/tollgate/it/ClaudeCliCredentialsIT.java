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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Claude CLI credentials (what {@code claude /login} writes, in the shape CCProxy's guide relies on)
 * as accounts: a Tollgate of its own (sharing the stack's database and simulator) whose only
 * accounts are two such files outside the credentials directory, named by
 * {@code CLAUDE_CLI_CREDENTIALS}, in the two spellings {@code ~/.claude/.credentials.json} and
 * {@code ~/.config/claude/credentials.json}.
 */
class ClaudeCliCredentialsIT {

    private static final String CLIENT_KEY = "cnp_live_claude_cli_it_client_key_abcdefghijklmnopq";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String STEADY_ACCESS = "sk-ant-oat01-cli-steady-" + RUN + "-made-up";
    private static final String STEADY_REFRESH = "sk-ant-ort01-cli-steady-" + RUN + "-made-up";
    private static final String SOON_ACCESS = "sk-ant-oat01-cli-soon-" + RUN + "-made-up";
    private static final String SOON_REFRESH = "sk-ant-ort01-cli-soon-" + RUN + "-made-up";

    private static PayaraMicroProcess tollgate;
    private static Path steadyFile;
    private static Path soonFile;
    private static long soonExpiresAt;

    @BeforeAll
    static void start() throws Exception {
        TollgateStack stack = TollgateStack.get();
        Path work = Path.of(System.getProperty("tollgate.work.dir", "target/it-work"))
                .resolve("claude-cli-" + RUN);
        Path credentials = Files.createDirectories(work.resolve("credentials"));
        long now = System.currentTimeMillis();
        steadyFile = claudeCliFile(
                work.resolve("home-a/.claude/.credentials.json"),
                STEADY_ACCESS,
                STEADY_REFRESH,
                now + 3_600_000,
                "rw-------");
        // inside the refresh window (10 min here) from the start, minutes before it expires;
        // read-only, a mode stricter than 0600
        soonExpiresAt = now + 300_000;
        soonFile = claudeCliFile(
                work.resolve("home-b/.config/claude/credentials.json"),
                SOON_ACCESS,
                SOON_REFRESH,
                soonExpiresAt,
                "r--------");

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
                        "CLAUDE_CLI_CREDENTIALS",
                        "steady=" + steadyFile.toAbsolutePath() + ", soon=" + soonFile.toAbsolutePath(),
                        "SECURITY__AUTH_TOKEN",
                        CLIENT_KEY,
                        "TOLLGATE_JOURNAL_SPILL_DIR",
                        work.resolve("journal-spill").toAbsolutePath().toString(),
                        "TOLLGATE_OAUTH_REFRESH_BEFORE_EXPIRY_SECONDS",
                        "600"),
                work.resolve("payara-micro-claude-cli.log"));
        tollgate.awaitReady(Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        if (tollgate != null) {
            tollgate.close();
        }
    }

    /** The seed's shape, with made-up tokens and keys of the CLI's own that Tollgate must keep. */
    private static Path claudeCliFile(Path file, String access, String refresh, long expiresAt, String mode)
            throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                "{\"claudeAiOauth\":{\"accessToken\":\"" + access + "\",\"refreshToken\":\"" + refresh
                        + "\",\"expiresAt\":" + expiresAt + ",\"scopes\":[\"user:inference\",\"user:profile\"],"
                        + "\"subscriptionType\":\"max\",\"rateLimitTier\":\"default_claude_max_20x\"},"
                        + "\"cliOwnSetting\":{\"kept\":true}}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static List<RecordedRequest> tokenCalls(String refreshToken) {
        return TollgateStack.get().simulator().recordedRequests().stream()
                .filter(request -> request.path().equals("/v1/oauth/token"))
                .filter(request -> request.bodyAsString().contains(refreshToken))
                .toList();
    }

    private static HttpResponse<String> pinned(String account, String testId) throws Exception {
        return Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + "/v1/messages"))
                        .timeout(Duration.ofSeconds(60))
                        .header("content-type", "application/json")
                        .header("anthropic-version", "2023-06-01")
                        .header("x-api-key", CLIENT_KEY)
                        .header("msl-account", account)
                        .header("anthropic-beta", "claude-code-20250219")
                        .header(Upstream.TEST_ID, testId)
                        .POST(HttpRequest.BodyPublishers.ofString(Http.SIMPLE_BODY))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aClaudeCliLoginServesRequestsWithItsOwnToken() throws Exception {
        String testId = Upstream.newTestId();
        HttpResponse<String> response = pinned("steady", testId);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        RecordedRequest received = Upstream.received(testId);
        assertThat(received.header("authorization")).isEqualTo("Bearer " + STEADY_ACCESS);
        assertThat(received.header("x-api-key")).isNull();
        assertThat(String.join(",", received.headerValues("anthropic-beta")))
                .isEqualTo("claude-code-20250219,oauth-2025-04-20");
        assertThat(tokenCalls(STEADY_REFRESH))
                .as("a token valid for an hour is not refreshed")
                .isEmpty();
        // the file is only read: untouched, byte for byte
        assertThat(Files.readString(steadyFile)).contains(STEADY_ACCESS, STEADY_REFRESH);
    }

    @Test
    void aTokenAboutToExpireIsRefreshedBeforeExpiryAndWrittenBackInTheFilesShapeAndMode() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (tokenCalls(SOON_REFRESH).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(tokenCalls(SOON_REFRESH))
                .as("refreshed by the timer, no request needed")
                .hasSize(1);
        assertThat(System.currentTimeMillis())
                .as("seen refreshed while the old token was still valid")
                .isLessThan(soonExpiresAt);
        JsonObject call = Json.createReader(
                        new StringReader(tokenCalls(SOON_REFRESH).get(0).bodyAsString()))
                .readObject();
        assertThat(call.getString("grant_type")).isEqualTo("refresh_token");
        assertThat(call.getString("scope")).isEqualTo("user:inference user:profile");

        JsonObject file = readJson(soonFile);
        while (file.getJsonObject("claudeAiOauth").getString("refreshToken").equals(SOON_REFRESH)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            file = readJson(soonFile);
        }
        // still the Claude CLI's file: same keys, new tokens, its own fields kept, mode kept
        assertThat(file.keySet()).containsExactly("claudeAiOauth", "cliOwnSetting");
        JsonObject oauth = file.getJsonObject("claudeAiOauth");
        assertThat(oauth.keySet())
                .containsExactly(
                        "accessToken", "refreshToken", "expiresAt", "scopes", "subscriptionType", "rateLimitTier");
        assertThat(oauth.getString("accessToken")).startsWith("sk-ant-oat01-").isNotEqualTo(SOON_ACCESS);
        assertThat(oauth.getString("refreshToken")).startsWith("sk-ant-ort01-").isNotEqualTo(SOON_REFRESH);
        assertThat(oauth.getJsonNumber("expiresAt").longValue()).isGreaterThan(System.currentTimeMillis() + 3_600_000);
        assertThat(oauth.getString("subscriptionType")).isEqualTo("max");
        assertThat(oauth.getString("rateLimitTier")).isEqualTo("default_claude_max_20x");
        assertThat(file.getJsonObject("cliOwnSetting").getBoolean("kept")).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(soonFile)))
                .isEqualTo("r--------");
        try (var leftovers = Files.list(soonFile.getParent())) {
            assertThat(leftovers.map(path -> path.getFileName().toString()))
                    .as("no temporary file left beside it")
                    .containsExactly("credentials.json");
        }

        String testId = Upstream.newTestId();
        HttpResponse<String> response = pinned("soon", testId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Upstream.received(testId).header("authorization"))
                .isEqualTo("Bearer " + oauth.getString("accessToken"));
    }

    private static JsonObject readJson(Path file) throws Exception {
        return Json.createReader(new StringReader(Files.readString(file))).readObject();
    }
}

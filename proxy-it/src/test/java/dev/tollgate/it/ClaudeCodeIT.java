package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.it.RecordingRelay.WireRequest;
import dev.tollgate.sim.RecordedRequest;
import dev.tollgate.sim.Scenario;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claude Code itself (the pinned npm release, unmodified) run non-interactively through Tollgate, as
 * {@code shared/design/anthropic-api.md} describes: cleared environment, fresh home and working
 * directory, stdin from /dev/null, {@code claude -p ... --output-format json}.
 *
 * <p>A {@link RecordingRelay} sits between Claude Code and Tollgate and keeps the bytes Claude Code
 * sent, so the test compares them with what the simulator received: the body must be the same bytes
 * (same SHA-256), the betas and session header intact. Skipped, with the reason, when npm cannot be had.
 */
class ClaudeCodeIT {

    static final String VERSION = "2.1.197";

    /** Routes Claude Code's requests (through ANTHROPIC_CUSTOM_HEADERS, as the README tells users). */
    private static final String TRAIN = "claude-code-it";

    private Path claude;

    private RecordingRelay relay;
    private Path runDirectory;

    @BeforeEach
    void installClaudeCodeAndStartTheRelay() throws IOException {
        // first: skipped without npm, before anything starts
        claude = NpmPackage.require("@anthropic-ai/claude-code", VERSION)
                .resolve("node_modules")
                .resolve(".bin")
                .resolve("claude");
        assertThat(claude).isExecutable();
        TollgateStack.get().simulator().clearScenarios();
        relay = RecordingRelay.start(TollgateStack.get().baseUrl());
        // outside the source tree: Claude Code reads CLAUDE.md files and git state of parent directories
        runDirectory = Files.createTempDirectory("tollgate-claude-code-");
    }

    @AfterEach
    void stopTheRelay() throws IOException {
        if (relay == null) {
            return; // skipped
        }
        relay.close();
        TollgateStack.get().simulator().clearScenarios();
        NpmPackage.deleteTree(runDirectory); // Claude Code's output and stderr stay in target/it-work/claude-code
    }

    @Test
    void aPlainPromptIsAnsweredWithWhatTheUpstreamSaid() throws Exception {
        String answer = "Tollgate relayed this answer " + UUID.randomUUID();
        TollgateStack.get().simulator().enqueue(Scenario.defaults().withText(answer));

        JsonObject output = runClaude("say hi");

        assertThat(output.getBoolean("is_error")).isFalse();
        assertThat(output.getString("result")).isEqualTo(answer);
        String sessionId = output.getString("session_id");
        List<WireRequest> sent = messagesRequestsSent();
        List<RecordedRequest> received = messagesRequestsReceived(sessionId);
        assertThat(sent).hasSize(1);
        assertThat(received).hasSize(1);
        assertRelayedUnchanged(sent.get(0), received.get(0), sessionId);
        assertJournaled(sessionId, sent, List.of("end_turn"));
    }

    @Test
    void aToolRoundTripRunsTheToolAndSendsItsResultBack() throws Exception {
        // a value only this test knows, in a file only Claude Code's Read tool can bring back
        String secret = "contents-only-the-file-has-" + UUID.randomUUID();
        Path work = Files.createDirectories(runDirectory.resolve("work"));
        Path notes = Files.writeString(work.resolve("notes.txt"), secret + "\n");
        String answer = "The notes say what they say " + UUID.randomUUID();
        TollgateStack.get()
                .simulator()
                .enqueue(Scenario.defaults()
                        .withContent(Scenario.Content.TOOL_USE)
                        .withToolName("Read") // read-only: allowed in -p mode without a permission prompt
                        .withToolInput(Json.createObjectBuilder()
                                .add("file_path", notes.toString())
                                .build())
                        .withText("Let me read the notes."));
        TollgateStack.get().simulator().enqueue(Scenario.defaults().withText(answer));

        JsonObject output = runClaude("What do my notes say?");

        assertThat(output.getBoolean("is_error")).isFalse();
        assertThat(output.getInt("num_turns")).isEqualTo(2);
        assertThat(output.getString("result")).isEqualTo(answer);
        assertThat(output.getJsonArray("permission_denials")).isEmpty();
        String sessionId = output.getString("session_id");
        List<WireRequest> sent = messagesRequestsSent();
        List<RecordedRequest> received = messagesRequestsReceived(sessionId);
        assertThat(sent).hasSize(2);
        assertThat(received).hasSize(2);
        for (int turn = 0; turn < 2; turn++) {
            assertRelayedUnchanged(sent.get(turn), received.get(turn), sessionId);
        }

        // the second request carries the tool call back and the tool's result: the file's content
        JsonArray messages = json(received.get(1).bodyAsString()).getJsonArray("messages");
        JsonObject toolUse = null;
        JsonObject toolResult = null;
        for (int i = 0; i < messages.size() - 1; i++) {
            for (JsonValue block : blocks(messages.getJsonObject(i))) {
                if (block.asJsonObject().getString("type").equals("tool_use")) {
                    toolUse = block.asJsonObject();
                    toolResult = blocks(messages.getJsonObject(i + 1)).stream()
                            .map(JsonValue::asJsonObject)
                            .filter(candidate -> candidate.getString("type").equals("tool_result"))
                            .findFirst()
                            .orElse(null);
                }
            }
        }
        assertThat(toolUse).as("the tool call in the second request").isNotNull();
        assertThat(toolUse.getString("name")).isEqualTo("Read");
        assertThat(toolUse.getJsonObject("input").getString("file_path")).isEqualTo(notes.toString());
        assertThat(toolResult).as("the tool result after the tool call").isNotNull();
        assertThat(toolResult.getString("tool_use_id")).isEqualTo(toolUse.getString("id"));
        assertThat(toolResult.getBoolean("is_error", false)).isFalse();
        assertThat(toolResult.get("content").toString()).contains(secret);

        assertJournaled(sessionId, sent, List.of("tool_use", "end_turn"));
    }

    /** What reached the simulator is what Claude Code sent: same body bytes, betas and session id intact. */
    private static void assertRelayedUnchanged(WireRequest sent, RecordedRequest received, String sessionId) {
        assertThat(sha256(received.body()))
                .as(
                        "SHA-256 of the body the simulator received (%d bytes) and of the one Claude Code sent (%d bytes)",
                        received.body().length, sent.body().length)
                .isEqualTo(sha256(sent.body()));
        assertThat(sent.body().length).as("a real Claude Code body").isGreaterThan(50_000);
        assertThat(received.query()).isEqualTo(sent.query()).isEqualTo("beta=true");
        assertThat(received.headerValues("anthropic-beta"))
                .isEqualTo(sent.headerValues("anthropic-beta"))
                .anySatisfy(betas -> assertThat(betas).contains("claude-code-20250219"));
        assertThat(received.header("anthropic-version")).isEqualTo(sent.header("anthropic-version"));
        assertThat(received.header("x-claude-code-session-id"))
                .isEqualTo(sent.header("x-claude-code-session-id"))
                .isEqualTo(sessionId);
        assertThat(received.header("user-agent"))
                .isEqualTo(sent.header("user-agent"))
                .startsWith("claude-cli/" + VERSION);
        assertThat(received.header("x-app")).isEqualTo(sent.header("x-app"));
        // Claude Code presents the client key as x-api-key; the upstream sees the account's key instead
        assertThat(sent.header("x-api-key")).isEqualTo(Http.CLIENT_KEY);
        assertThat(received.header("x-api-key")).isEqualTo(Rendezvous.keyFor(TRAIN));
        assertThat(sent.header("msl-train-id")).isEqualTo(TRAIN);
        assertThat(received.headerValues("msl-train-id"))
                .as("a routing header stops at Tollgate")
                .isEmpty();
    }

    /** One journal row per turn, with the session id, the train, and the body Claude Code sent. */
    private static void assertJournaled(String sessionId, List<WireRequest> sent, List<String> stopReasons)
            throws Exception {
        List<Map<String, Object>> rows = JournalRows.awaitRowsWhere("claude_session_id", sessionId, sent.size());
        assertThat(rows).hasSize(sent.size());
        for (int turn = 0; turn < rows.size(); turn++) {
            Map<String, Object> row = rows.get(turn);
            assertThat(row.get("response_status")).isEqualTo(200);
            assertThat(row.get("train_id")).isEqualTo(TRAIN);
            assertThat(row.get("account_id")).isEqualTo(TollgateStack.ACCOUNT_IDS.get(Rendezvous.accountFor(TRAIN)));
            assertThat(row.get("query_string")).isEqualTo("beta=true");
            assertThat(row.get("response_streaming")).isEqualTo(true);
            assertThat(row.get("user_agent")).isEqualTo(sent.get(turn).header("user-agent"));
            assertThat(row.get("stop_reason")).isEqualTo(stopReasons.get(turn));
            // the journal keeps the body as jsonb, so the same JSON, not the same bytes, is what it can show
            assertThat(JournalRows.scalar(
                            "SELECT body = CAST(? AS jsonb) FROM api_requests WHERE request_id = ?",
                            new String(sent.get(turn).body(), StandardCharsets.UTF_8),
                            row.get("request_id")))
                    .isEqualTo(true);
        }
    }

    private List<WireRequest> messagesRequestsSent() {
        List<WireRequest> all = relay.requests();
        System.out.println("[real clients] Claude Code sent: "
                + all.stream().map(r -> r.method() + " " + r.target()).toList());
        return all.stream()
                .filter(request ->
                        request.method().equals("POST") && request.path().equals("/v1/messages"))
                .toList();
    }

    private static List<RecordedRequest> messagesRequestsReceived(String sessionId) {
        return TollgateStack.get().simulator().recordedRequests().stream()
                .filter(request -> request.path().equals("/v1/messages"))
                .filter(request -> sessionId.equals(request.header("x-claude-code-session-id")))
                .toList();
    }

    /** Runs {@code claude -p PROMPT --output-format json} through the relay and returns its JSON result. */
    private JsonObject runClaude(String prompt) throws IOException, InterruptedException {
        Path home = Files.createDirectories(runDirectory.resolve("home"));
        Path work = Files.createDirectories(runDirectory.resolve("work"));
        Path logs = Files.createDirectories(Path.of(System.getProperty("tollgate.work.dir", "target/it-work"))
                .resolve("claude-code"));
        String name = runDirectory.getFileName().toString();
        Path stdout = logs.resolve(name + ".stdout.json");
        Path stderr = logs.resolve(name + ".stderr.txt");
        List<String> command = new ArrayList<>(List.of(claude.toString(), "-p", prompt, "--output-format", "json"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.put("HOME", home.toString());
        environment.put("ANTHROPIC_BASE_URL", relay.baseUrl());
        environment.put("ANTHROPIC_API_KEY", Http.CLIENT_KEY);
        environment.put("ANTHROPIC_CUSTOM_HEADERS", "MSL-Train-Id: " + TRAIN);
        environment.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        environment.put("DISABLE_TELEMETRY", "1");
        environment.put("DISABLE_ERROR_REPORTING", "1");
        environment.put("DISABLE_AUTOUPDATER", "1");
        environment.put("CLAUDE_CODE_MAX_RETRIES", "0");
        environment.put("CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK", "1");
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("claude -p did not finish within 2 minutes; see " + stderr);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("[real clients] claude -p " + VERSION + " took " + millis + " ms");
        String out = Files.readString(stdout);
        assertThat(process.exitValue())
                .as("claude exit code; stdout: %s; stderr: %s", out, Files.readString(stderr))
                .isZero();
        return json(out);
    }

    private static List<JsonValue> blocks(JsonObject message) {
        JsonValue content = message.get("content");
        return content.getValueType() == JsonValue.ValueType.ARRAY ? content.asJsonArray() : List.of();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

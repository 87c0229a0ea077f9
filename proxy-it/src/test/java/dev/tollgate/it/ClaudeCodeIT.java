package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tollgate.sim.RecordedRequest;
import dev.tollgate.sim.Scenario;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Claude Code itself (npm, pinned), run non-interactively through Tollgate as
 * {@code ../shared/design/anthropic-api.md} describes: cleared environment, fresh HOME and working
 * directory, no retries, and the non-streaming fallback off so a broken relay cannot hide. Between
 * Claude Code and Tollgate a recording relay keeps what Claude Code put on the wire, to compare
 * byte for byte with what reached the upstream.
 */
class ClaudeCodeIT {

    static final String VERSION = "2.1.197";
    private static final String SIMULATOR_TEXT = "Hello from the Tollgate upstream simulator.";

    private static Path claude;
    private static RecordingRelay relay;

    @BeforeAll
    static void install() throws Exception {
        NpmPackages.Installed installed = NpmPackages.install("@anthropic-ai/claude-code", VERSION);
        assumeTrue(installed.prefix().isPresent(), installed.reason());
        claude = installed.prefix().get().resolve("node_modules/.bin/claude");
        URI tollgate = URI.create(TollgateStack.get().baseUrl());
        relay = new RecordingRelay(tollgate.getHost(), tollgate.getPort());
    }

    @AfterAll
    static void stop() throws Exception {
        if (relay != null) {
            relay.close();
        }
    }

    /** Runs {@code claude -p PROMPT --output-format json} and returns its JSON result. */
    private static JsonObject run(String testId, String prompt, String... options) throws Exception {
        Path home = Files.createTempDirectory("claude-home-");
        Path work = Files.createTempDirectory("claude-work-");
        List<String> command = new ArrayList<>(List.of(claude.toString(), "-p", prompt, "--output-format", "json"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(work.resolve("stderr.log").toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(Map.ofEntries(
                Map.entry("PATH", "/usr/local/bin:/usr/bin:/bin"),
                Map.entry("HOME", home.toString()),
                Map.entry("ANTHROPIC_BASE_URL", relay.baseUrl()),
                Map.entry("ANTHROPIC_API_KEY", Http.CLIENT_KEY),
                Map.entry("ANTHROPIC_CUSTOM_HEADERS", Upstream.TEST_ID + ": " + testId),
                Map.entry("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"),
                Map.entry("DISABLE_TELEMETRY", "1"),
                Map.entry("DISABLE_ERROR_REPORTING", "1"),
                Map.entry("DISABLE_AUTOUPDATER", "1"),
                Map.entry("CLAUDE_CODE_MAX_RETRIES", "0"),
                Map.entry("CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK", "1")));
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stdout = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue())
                .as("claude exited; stdout %s stderr %s", stdout, Files.readString(work.resolve("stderr.log")))
                .isZero();
        return Json.createReader(new StringReader(stdout.trim())).readObject();
    }

    private static JsonObject json(byte[] body) {
        return Json.createReader(new ByteArrayInputStream(body)).readObject();
    }

    @Test
    void aPromptReachesTheUpstreamByteForByteAndIsJournaledWithItsSession() throws Exception {
        String testId = Upstream.newTestId();
        JsonObject result = run(testId, "say hi");
        assertThat(result.getString("result")).isEqualTo(SIMULATOR_TEXT);
        assertThat(result.getBoolean("is_error")).isFalse();

        List<RecordedRequest> received = Upstream.receivedAll(testId);
        assertThat(received).hasSize(1);
        RecordedRequest upstream = received.get(0);
        assertThat(upstream.path()).isEqualTo("/v1/messages");
        assertThat(upstream.query()).isEqualTo("beta=true");
        // the body Claude Code sent is the body the Claude API got, every byte
        List<byte[]> sent = relay.bodiesSentTo("/v1/messages");
        assertThat(sent).anySatisfy(body -> assertThat(body).isEqualTo(upstream.body()));
        String sessionId = result.getString("session_id");
        assertThat(upstream.header("x-claude-code-session-id")).isEqualTo(sessionId);
        assertThat(upstream.header("anthropic-beta")).contains("claude-code-");
        assertThat(upstream.header("x-api-key")).isNotEqualTo(Http.CLIENT_KEY); // the account's key, not the client's

        Object journaled = JournalRows.scalar(
                "SELECT count(*) FROM api_requests WHERE claude_session_id = ? AND response_status = 200", sessionId);
        for (int i = 0; i < 100 && ((Number) journaled).longValue() == 0; i++) {
            Thread.sleep(100);
            journaled = JournalRows.scalar(
                    "SELECT count(*) FROM api_requests WHERE claude_session_id = ? AND response_status = 200",
                    sessionId);
        }
        assertThat(((Number) journaled).longValue()).isEqualTo(1);
    }

    @Test
    void aToolRoundTripRunsTheToolAndSendsItsResultBack() throws Exception {
        String testId = Upstream.newTestId();
        // the first turn answers with a Bash call (echo hello-from-tool), the second with text
        TollgateStack.get()
                .simulator()
                .enqueue(Scenario.defaults()
                        .withContent(Scenario.Content.TOOL_USE)
                        .withToolName("Bash"));
        JsonObject result = run(testId, "greet via the shell", "--allowedTools", "Bash(echo:*)");
        assertThat(result.getString("result")).isEqualTo(SIMULATOR_TEXT);
        assertThat(result.getInt("num_turns")).isEqualTo(2);

        List<RecordedRequest> received = Upstream.receivedAll(testId);
        assertThat(received).hasSize(2);
        JsonArray turns = json(received.get(1).body()).getJsonArray("messages");
        JsonValue last = turns.get(turns.size() - 1);
        JsonObject toolResult = last.asJsonObject().getJsonArray("content").getJsonObject(0);
        assertThat(toolResult.getString("type")).isEqualTo("tool_result");
        assertThat(toolResult.get("content").toString()).contains("hello-from-tool");
        List<byte[]> sent = relay.bodiesSentTo("/v1/messages");
        assertThat(sent)
                .anySatisfy(body -> assertThat(body).isEqualTo(received.get(1).body()));
    }
}

package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.sim.RecordedRequest;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Replays a request Claude Code 2.1.197 really sent (recorded in the shared fixtures) and checks
 * that it reaches the upstream byte for byte, with its betas and session header, and is journaled.
 */
class ClaudeCodeReplayIT {

    /** Set by the HTTP client or by Tollgate itself; everything else is replayed as recorded. */
    private static final Set<String> NOT_REPLAYED = Set.of("host", "connection", "content-length", "accept-encoding");

    @Test
    void aRecordedClaudeCodeRequestIsRelayedByteForByte() throws Exception {
        JsonObject fixture;
        Path file = Path.of(System.getProperty("tollgate.fixtures.dir", "../../shared/fixtures"))
                .resolve("claude-code-2.1.197-messages-request.json");
        try (InputStream in = Files.newInputStream(file)) {
            fixture = Json.createReader(in).readObject();
        }
        // compact serialisation of the parsed body gives exactly the recorded bytes (see the fixtures' README)
        byte[] body = fixture.getJsonObject("body").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(body).hasSize(fixture.getInt("bodyBytes"));

        String testId = Upstream.newTestId();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                        TollgateStack.get().baseUrl() + fixture.getString("path") + fixture.getString("query")))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header(Upstream.TEST_ID, testId);
        JsonArray rawHeaders = fixture.getJsonArray("rawHeaders");
        for (int i = 0; i < rawHeaders.size(); i += 2) {
            String name = rawHeaders.getString(i);
            if (name.equalsIgnoreCase("x-api-key")) {
                request.header(name, Http.CLIENT_KEY); // the recorded key is a fake: present one Tollgate accepts
            } else if (!NOT_REPLAYED.contains(name.toLowerCase())) {
                request.header(name, rawHeaders.getString(i + 1));
            }
        }
        HttpResponse<String> response = Http.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("event: message_stop");

        JsonObject recordedHeaders = fixture.getJsonObject("headers");
        RecordedRequest received = Upstream.received(testId);
        assertThat(received.body()).isEqualTo(body);
        assertThat(received.query()).isEqualTo("beta=true");
        assertThat(received.header("anthropic-beta")).isEqualTo(recordedHeaders.getString("anthropic-beta"));
        assertThat(received.header("anthropic-version")).isEqualTo(recordedHeaders.getString("anthropic-version"));
        assertThat(received.header("x-claude-code-session-id"))
                .isEqualTo(recordedHeaders.getString("x-claude-code-session-id"));
        assertThat(received.header("x-app")).isEqualTo("cli");
        assertThat(received.header("anthropic-dangerous-direct-browser-access")).isEqualTo("true");
        assertThat(received.header("x-api-key")).isEqualTo(Rendezvous.keyFor("default"));

        Map<String, Object> row = JournalRows.awaitRow(
                response.headers().firstValue("x-tollgate-request-id").orElseThrow());
        assertThat(row.get("claude_session_id")).isEqualTo(recordedHeaders.getString("x-claude-code-session-id"));
        assertThat(row.get("user_agent")).isEqualTo("claude-cli/2.1.197 (external, sdk-cli)");
        assertThat(row.get("stainless_retry_count")).isEqualTo(0);
        assertThat(row.get("model")).isEqualTo(fixture.getJsonObject("body").getString("model"));
        assertThat(row.get("response_streaming")).isEqualTo(true);
    }
}

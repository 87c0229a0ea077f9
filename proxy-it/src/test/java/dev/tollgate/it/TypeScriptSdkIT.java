package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Anthropic TypeScript SDK (npm, pinned), streaming through Tollgate from Node.js. */
class TypeScriptSdkIT {

    static final String VERSION = "1.15.0";

    private static final String SCRIPT =
            """
            import Anthropic from '@anthropic-ai/sdk';
            const client = new Anthropic({ baseURL: process.env.TOLLGATE_URL, apiKey: process.env.TOLLGATE_KEY,
                maxRetries: 0, defaultHeaders: { 'x-test-id': process.env.TEST_ID } });
            const stream = client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 64,
                messages: [{ role: 'user', content: 'Hello from Node through Tollgate' }] });
            let text = '';
            let events = 0;
            for await (const event of stream) {
              events++;
              if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
            }
            const message = await stream.finalMessage();
            console.log(JSON.stringify({ text, events, id: message.id, outputTokens: message.usage.output_tokens,
                stopReason: message.stop_reason }));
            """;

    private static Path prefix;

    @BeforeAll
    static void install() {
        NpmPackages.Installed installed = NpmPackages.install("@anthropic-ai/sdk", VERSION);
        assumeTrue(installed.prefix().isPresent(), installed.reason());
        prefix = installed.prefix().get();
    }

    @Test
    void aStreamedMessageFromNodeIsRelayedAndJournaled() throws Exception {
        // next to node_modules, so that the import resolves to the installed SDK
        Path script = prefix.resolve("tollgate-stream.mjs");
        Files.writeString(script, SCRIPT);
        String testId = Upstream.newTestId();
        ProcessBuilder builder = new ProcessBuilder(List.of("node", script.toString()))
                .directory(prefix.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment()
                .putAll(Map.of(
                        "TOLLGATE_URL",
                        TollgateStack.get().baseUrl(),
                        "TOLLGATE_KEY",
                        Http.CLIENT_KEY,
                        "TEST_ID",
                        testId));
        Process node = builder.start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(out).isZero();

        JsonObject result = Json.createReader(new StringReader(out.trim())).readObject();
        assertThat(result.getString("text")).isEqualTo("Hello from the Tollgate upstream simulator.");
        assertThat(result.getString("stopReason")).isEqualTo("end_turn");
        assertThat(result.getInt("outputTokens")).isPositive();
        assertThat(result.getInt("events")).isGreaterThan(5);

        var upstream = Upstream.received(testId);
        assertThat(upstream.header("user-agent")).containsIgnoringCase("anthropic");
        assertThat(upstream.header("x-stainless-lang")).isEqualTo("js");
        var row = JournalRows.awaitRowOfTest(testId);
        assertThat(row.get("response_status")).isEqualTo(200);
        assertThat(row.get("response_streaming")).isEqualTo(true);
    }
}

package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.sim.RecordedRequest;
import dev.tollgate.sim.Scenario;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official TypeScript SDK ({@code @anthropic-ai/sdk}, pinned, from npm) streams a message through
 * Tollgate from a small Node script ({@code src/test/resources/clients/ts-sdk-stream.cjs}). Skipped, with
 * the reason, when npm cannot be had.
 */
class TypeScriptSdkIT {

    static final String VERSION = "1.15.0";

    private Path sdk;

    @BeforeEach
    void installSdk() {
        sdk = NpmPackage.require("@anthropic-ai/sdk", VERSION)
                .resolve("node_modules")
                .resolve("@anthropic-ai")
                .resolve("sdk");
    }

    @AfterEach
    void forgetScenarios() {
        if (sdk != null) {
            TollgateStack.get().simulator().clearScenarios();
        }
    }

    @Test
    void streamsAMessageThroughTollgateAndIsJournaled() throws Exception {
        String answer = "Streamed to Node through Tollgate " + UUID.randomUUID();
        TollgateStack.get().simulator().clearScenarios();
        TollgateStack.get()
                .simulator()
                .enqueue(Scenario.defaults().withText(answer).withTextEvents(5));
        String testId = Upstream.newTestId();

        JsonObject output = runScript(testId);

        assertThat(output.getString("text")).isEqualTo(answer);
        assertThat(output.getInt("textDeltas")).isEqualTo(5);
        assertThat(output.getString("finalText")).isEqualTo(answer);
        assertThat(output.getString("stopReason")).isEqualTo("end_turn");
        assertThat(output.getString("model")).isEqualTo("claude-sonnet-4-5");
        assertThat(output.getJsonObject("usage").getInt("output_tokens")).isEqualTo(Math.max(1, answer.length() / 4));
        assertThat(output.getJsonObject("usage").getInt("input_tokens")).isPositive();

        RecordedRequest received = Upstream.received(testId);
        assertThat(received.bodyAsString()).contains("\"stream\":true", "Hello from the TypeScript SDK");
        assertThat(received.header("x-stainless-lang")).isEqualTo("js");
        assertThat(received.header("x-stainless-package-version")).isEqualTo(VERSION);
        assertThat(received.header("x-api-key")).isEqualTo(Rendezvous.keyFor("default"));
        assertThat(received.headerValues("authorization"))
                .as("the client's key stops at Tollgate")
                .isEmpty();

        Map<String, Object> row = JournalRows.awaitRow(output.getString("tollgateRequestId"));
        assertThat(row.get("response_status")).isEqualTo(200);
        assertThat(row.get("response_streaming")).isEqualTo(true);
        assertThat(row.get("upstream_request_id")).isEqualTo(output.getString("upstreamRequestId"));
        assertThat(row.get("output_tokens"))
                .isEqualTo(output.getJsonObject("usage").getInt("output_tokens"));
        assertThat(row.get("user_agent")).isEqualTo(received.header("user-agent"));
        // which header the SDK put the key in, as Tollgate saw it (masked in the journal)
        JsonObject headers = Json.createReader(new StringReader((String) row.get("headers_text")))
                .readObject();
        String lastFour = Http.CLIENT_KEY.substring(Http.CLIENT_KEY.length() - 4);
        assertThat(headers.getString("authorization")).isEqualTo("Bearer ****" + lastFour);
        assertThat(headers.containsKey("x-api-key")).isFalse();
        assertThat(headers.getString("anthropic-version")).isEqualTo(received.header("anthropic-version"));
    }

    private JsonObject runScript(String testId) throws Exception {
        Path directory = Files.createTempDirectory("tollgate-ts-sdk-");
        try {
            Path script = directory.resolve("ts-sdk-stream.cjs");
            try (InputStream in = TypeScriptSdkIT.class.getResourceAsStream("/clients/ts-sdk-stream.cjs")) {
                Files.copy(in, script);
            }
            Path node = NpmPackage.onPath("node");
            assertThat(node).as("node next to npm").isNotNull();
            Path stdout = directory.resolve("stdout.json");
            Path stderr = directory.resolve("stderr.txt");
            ProcessBuilder builder = new ProcessBuilder(node.toString(), script.toString(), sdk.toString())
                    .directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            Map<String, String> environment = builder.environment();
            environment.clear(); // no ANTHROPIC_* of the developer's may leak in
            environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            environment.put("HOME", directory.toString());
            environment.put("TOLLGATE_BASE_URL", TollgateStack.get().baseUrl());
            environment.put("TOLLGATE_CLIENT_KEY", Http.CLIENT_KEY);
            environment.put("TOLLGATE_TEST_ID", testId);
            long started = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the Node script did not finish within a minute: " + Files.readString(stderr));
            }
            System.out.println("[real clients] node with @anthropic-ai/sdk " + VERSION + " took "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
            String out = Files.readString(stdout);
            assertThat(process.exitValue())
                    .as("node exit code; stdout: %s; stderr: %s", out, Files.readString(stderr))
                    .isZero();
            return Json.createReader(new StringReader(out)).readObject();
        } finally {
            NpmPackage.deleteTree(directory);
        }
    }
}

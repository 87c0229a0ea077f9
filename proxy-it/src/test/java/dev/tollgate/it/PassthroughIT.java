package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.cli.launch.PayaraMicroProcess;
import dev.tollgate.cli.launch.RuntimeLayout;
import dev.tollgate.sim.RecordedRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ENABLE_CLIENT_AUTH=false} with no account configured: the seeds' "bring your own
 * subscription" mode. A second Tollgate, sharing the stack's database and simulator.
 */
class PassthroughIT {

    private static PayaraMicroProcess tollgate;

    @BeforeAll
    static void start() throws Exception {
        TollgateStack stack = TollgateStack.get();
        Path work = Path.of(System.getProperty("tollgate.work.dir", "target/it-work"));
        Path emptyCredentials = Files.createDirectories(work.resolve("passthrough-credentials"));
        tollgate = PayaraMicroProcess.start(
                RuntimeLayout.in(Path.of(System.getProperty("tollgate.runtime.dir", "target/runtime"))),
                TollgateStack.freePort(),
                Path.of(System.getProperty("tollgate.config.dir", "../config")),
                Map.of(
                        "DATABASE_URL", stack.database().jdbcUrl(),
                        "CLAUDE_API_BASE_URL", stack.simulator().baseUrl(),
                        "CREDENTIALS_DIR", emptyCredentials.toAbsolutePath().toString(),
                        "TOLLGATE_JOURNAL_SPILL_DIR",
                                work.resolve("passthrough-journal-spill")
                                        .toAbsolutePath()
                                        .toString(),
                        "ENABLE_CLIENT_AUTH", "false"),
                work.resolve("payara-micro-passthrough.log"));
        tollgate.awaitReady(Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        if (tollgate != null) {
            tollgate.close();
        }
    }

    private static HttpRequest.Builder post(String testId) {
        return HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + "/v1/messages"))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header(Upstream.TEST_ID, testId)
                .POST(HttpRequest.BodyPublishers.ofString(Http.SIMPLE_BODY));
    }

    @Test
    void aClientsOAuthTokenGoesUpstreamWithTheOAuthBetaMergedIn() throws Exception {
        String token = "sk-ant-oat01-" + "client-own-subscription-token-abcdefghijklmnop";
        String testId = Upstream.newTestId();
        HttpResponse<String> response = Http.CLIENT.send(
                post(testId)
                        .header("authorization", "Bearer " + token)
                        .header("anthropic-beta", "claude-code-20250219")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        RecordedRequest received = Upstream.received(testId);
        assertThat(received.header("authorization")).isEqualTo("Bearer " + token);
        assertThat(received.header("x-api-key")).isNull();
        assertThat(String.join(",", received.headerValues("anthropic-beta")))
                .isEqualTo("claude-code-20250219,oauth-2025-04-20");

        Map<String, Object> row = JournalRows.awaitRow(ErrorsIT.requestId(response));
        assertThat(row.get("account_id")).isEqualTo("passthrough");
        assertThat(row.values().toString()).doesNotContain(token);
    }

    @Test
    void aClientsApiKeyGoesUpstreamAsItCame() throws Exception {
        String key = "sk-ant-api03-" + "client-own-api-key-abcdefghijklmnopqrstuvwxyz";
        String testId = Upstream.newTestId();
        HttpResponse<String> response =
                Http.CLIENT.send(post(testId).header("x-api-key", key).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = Upstream.received(testId);
        assertThat(received.header("x-api-key")).isEqualTo(key);
        assertThat(received.header("anthropic-beta")).isNull();
    }

    @Test
    void withoutAnyCredentialThereIsNothingToSendAndTheAnswerSaysWhy() throws Exception {
        HttpResponse<String> response =
                Http.CLIENT.send(post(Upstream.newTestId()).build(), HttpResponse.BodyHandlers.ofString());
        ErrorsIT.assertAnthropicError(response, 503, "api_error");
        assertThat(ErrorsIT.message(response)).contains("no usable Claude account");
    }
}

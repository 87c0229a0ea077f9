package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK, unmodified, pointed at Tollgate. */
class AnthropicSdkIT {

    private static AnthropicClient client;

    @BeforeAll
    static void connect() {
        client = AnthropicOkHttpClient.builder()
                .baseUrl(TollgateStack.get().baseUrl())
                .apiKey(Http.CLIENT_KEY) // the SDK sends it as Authorization: Bearer
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void countsTokensAndListsModels() {
        long tokens = client.messages()
                .countTokens(com.anthropic.models.messages.MessageCountTokensParams.builder()
                        .model("claude-sonnet-4-5")
                        .addUserMessage("How many tokens is this?")
                        .build())
                .inputTokens();
        assertThat(tokens).isPositive();
        var models = client.models().list().data();
        assertThat(models).isNotEmpty();
        assertThat(models).allSatisfy(model -> assertThat(model.id()).startsWith("claude-"));
    }

    /**
     * The key as {@code Authorization: Bearer} (what this SDK makes of {@code apiKey} for a key that is
     * not an Anthropic one, as the journal shows) and as {@code x-api-key} (set as a header).
     */
    @Test
    void theKeyWorksInEitherHeaderTheSdkCanSendItIn() throws Exception {
        for (boolean asBearer : new boolean[] {false, true}) {
            String testId = Upstream.newTestId();
            var builder = AnthropicOkHttpClient.builder()
                    .baseUrl(TollgateStack.get().baseUrl())
                    .maxRetries(0)
                    .putHeader(Upstream.TEST_ID, testId);
            AnthropicClient keyed = asBearer
                    ? builder.apiKey(Http.CLIENT_KEY).build()
                    : builder.putHeader("x-api-key", Http.CLIENT_KEY).build();
            try {
                assertThat(keyed.messages().create(params()).content()).isNotEmpty();
            } finally {
                keyed.close();
            }
            // which header reached Tollgate: the journal keeps the request's headers, secrets masked
            String row = String.valueOf(JournalRows.awaitRowOfTest(testId).get("request_id"));
            Object apiKeyHeader = JournalRows.scalar(
                    "SELECT headers ->> 'x-api-key' FROM api_requests WHERE request_id = ?::uuid", row);
            Object authorization = JournalRows.scalar(
                    "SELECT headers ->> 'authorization' FROM api_requests WHERE request_id = ?::uuid", row);
            if (asBearer) {
                assertThat(apiKeyHeader).isNull();
                assertThat(String.valueOf(authorization))
                        .startsWith("Bearer ****")
                        .doesNotContain(Http.CLIENT_KEY);
            } else {
                assertThat(authorization).isNull();
                assertThat(String.valueOf(apiKeyHeader)).startsWith("****").doesNotContain(Http.CLIENT_KEY);
            }
            // and upstream, only the account's credential
            var upstream = Upstream.received(testId);
            assertThat(upstream.header("authorization")).isNull();
            assertThat(upstream.header("x-api-key")).isNotEqualTo(Http.CLIENT_KEY);
        }
    }

    @Test
    void anOverloadedUpstreamArrivesAsTheSdksTypedException() {
        // pinned to one account (no failover), the upstream's 529 reaches the client as it was
        TollgateStack.get()
                .simulator()
                .enqueue(dev.tollgate.sim.Scenario.defaults().withStatus(529).withRetryAfter(0));
        var pinned = AnthropicOkHttpClient.builder()
                .baseUrl(TollgateStack.get().baseUrl())
                .apiKey(Http.CLIENT_KEY)
                .maxRetries(0)
                .putHeader("MSL-Account", "it-second")
                .build();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> pinned.messages().create(params()))
                    .isInstanceOfSatisfying(
                            com.anthropic.errors.AnthropicServiceException.class,
                            error -> assertThat(error.statusCode()).isEqualTo(529));
        } finally {
            pinned.close();
        }
    }

    private static MessageCreateParams params() {
        return MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(64)
                .addUserMessage("Hello through Tollgate")
                .build();
    }

    @Test
    void createsAMessage() {
        Message message = client.messages().create(params());
        assertThat(message.content()).isNotEmpty();
        assertThat(message.content().get(0).asText().text()).isEqualTo("Hello from the Tollgate upstream simulator.");
        assertThat(message.usage().outputTokens()).isPositive();
    }

    @Test
    void streamsAMessage() {
        List<RawMessageStreamEvent> events;
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params())) {
            events = stream.stream().collect(Collectors.toList());
        }
        assertThat(events.get(0).isMessageStart()).isTrue();
        assertThat(events.get(events.size() - 1).isMessageStop()).isTrue();
        String text = events.stream()
                .flatMap(event -> event.contentBlockDelta().stream())
                .flatMap(delta -> delta.delta().text().stream())
                .map(textDelta -> textDelta.text())
                .collect(Collectors.joining());
        assertThat(text).isEqualTo("Hello from the Tollgate upstream simulator.");
        assertThat(events.stream()
                        .filter(RawMessageStreamEvent::isMessageDelta)
                        .findFirst()
                        .orElseThrow()
                        .asMessageDelta()
                        .usage()
                        .outputTokens())
                .isPositive();
    }
}

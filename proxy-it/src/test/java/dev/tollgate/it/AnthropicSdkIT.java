package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.SseException;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.models.ModelInfo;
import com.anthropic.models.models.ModelListParams;
import dev.tollgate.sim.RecordedRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Anthropic Java SDK, unmodified, pointed at Tollgate: messages, streaming, token
 * counting, the model list, typed errors, and the two ways it can present the client key. Which
 * header carried the key is read from the journal (Tollgate's own record of the request, masked),
 * since Tollgate replaces the client's credentials before the upstream sees anything.
 */
class AnthropicSdkIT {

    private static final String LAST_FOUR = Http.CLIENT_KEY.substring(Http.CLIENT_KEY.length() - 4);

    /** {@code apiKey(...)}: the SDK (3.x) sends it as {@code Authorization: Bearer}. */
    private static AnthropicClient client;

    /** A client key set as an {@code x-api-key} header: the SDK then adds no Authorization of its own. */
    private static AnthropicClient xApiKeyClient;

    @BeforeAll
    static void connect() {
        client = AnthropicOkHttpClient.builder()
                .baseUrl(TollgateStack.get().baseUrl())
                .apiKey(Http.CLIENT_KEY)
                .maxRetries(0)
                .build();
        xApiKeyClient = AnthropicOkHttpClient.builder()
                .baseUrl(TollgateStack.get().baseUrl())
                .putHeader("x-api-key", Http.CLIENT_KEY)
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void close() {
        client.close();
        xApiKeyClient.close();
    }

    private static MessageCreateParams params(String testId) {
        return MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(64)
                .addUserMessage("Hello through Tollgate")
                .putAdditionalHeader(Upstream.TEST_ID, testId)
                .build();
    }

    @Test
    void createsAMessageWithTheApiKeySentAsBearer() throws Exception {
        String testId = Upstream.newTestId();
        HttpResponseFor<Message> response = client.messages().withRawResponse().create(params(testId));
        Message message = response.parse();

        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).asText().text()).isEqualTo("Hello from the Tollgate upstream simulator.");
        assertThat(message.usage().outputTokens()).isPositive();
        assertThat(message.usage().inputTokens())
                .isEqualTo(Upstream.received(testId).body().length / 4);

        JsonObject headers = journaledHeaders(response.headers().values("x-tollgate-request-id"));
        assertThat(headers.getString("authorization")).isEqualTo("Bearer ****" + LAST_FOUR);
        assertThat(headers.containsKey("x-api-key")).isFalse();
        assertThat(headers.getString("user-agent")).startsWith("AnthropicClientImpl/Java");
        assertReachedTheUpstreamWithTheAccountKey(testId);
    }

    @Test
    void createsAMessageWithTheKeySentAsXApiKey() throws Exception {
        String testId = Upstream.newTestId();
        HttpResponseFor<Message> response =
                xApiKeyClient.messages().withRawResponse().create(params(testId));

        assertThat(response.parse().content().get(0).asText().text())
                .isEqualTo("Hello from the Tollgate upstream simulator.");
        JsonObject headers = journaledHeaders(response.headers().values("x-tollgate-request-id"));
        assertThat(headers.getString("x-api-key")).isEqualTo("****" + LAST_FOUR);
        assertThat(headers.containsKey("authorization")).isFalse();
        assertReachedTheUpstreamWithTheAccountKey(testId);
    }

    @Test
    void anAuthTokenIsSentAsBearerToo() throws Exception {
        AnthropicClient tokenClient = AnthropicOkHttpClient.builder()
                .baseUrl(TollgateStack.get().baseUrl())
                .authToken(Http.CLIENT_KEY)
                .maxRetries(0)
                .build();
        try {
            String testId = Upstream.newTestId();
            HttpResponseFor<Message> response =
                    tokenClient.messages().withRawResponse().create(params(testId));

            assertThat(response.statusCode()).isEqualTo(200);
            JsonObject headers = journaledHeaders(response.headers().values("x-tollgate-request-id"));
            assertThat(headers.getString("authorization")).isEqualTo("Bearer ****" + LAST_FOUR);
            assertThat(headers.containsKey("x-api-key")).isFalse();
        } finally {
            tokenClient.close();
        }
    }

    @Test
    void streamsAMessage() throws Exception {
        String testId = Upstream.newTestId();
        List<RawMessageStreamEvent> events;
        HttpResponseFor<StreamResponse<RawMessageStreamEvent>> response =
                client.messages().withRawResponse().createStreaming(params(testId));
        try (StreamResponse<RawMessageStreamEvent> stream = response.parse()) {
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
        long outputTokens = events.stream()
                .filter(RawMessageStreamEvent::isMessageDelta)
                .findFirst()
                .orElseThrow()
                .asMessageDelta()
                .usage()
                .outputTokens();
        assertThat(outputTokens).isPositive();

        assertThat(Upstream.received(testId).bodyAsString()).contains("\"stream\":true");
        Map<String, Object> row = JournalRows.awaitRow(
                response.headers().values("x-tollgate-request-id").get(0));
        assertThat(row.get("response_streaming")).isEqualTo(true);
        assertThat(row.get("output_tokens")).isEqualTo((int) outputTokens);
    }

    @Test
    void countsTokens() throws Exception {
        String testId = Upstream.newTestId();
        HttpResponseFor<MessageTokensCount> response = client.messages()
                .withRawResponse()
                .countTokens(MessageCountTokensParams.builder()
                        .model("claude-sonnet-4-5")
                        .addUserMessage("How many tokens is this?")
                        .putAdditionalHeader(Upstream.TEST_ID, testId)
                        .build());

        RecordedRequest received = Upstream.received(testId);
        assertThat(received.path()).isEqualTo("/v1/messages/count_tokens");
        // the simulator's deterministic count: request bytes / 4, so the number came from this request
        assertThat(response.parse().inputTokens()).isEqualTo(received.body().length / 4);
        assertThat(JournalRows.awaitRow(response.headers()
                                .values("x-tollgate-request-id")
                                .get(0))
                        .get("request_type"))
                .isEqualTo("count_tokens");
    }

    @Test
    void listsModelsPageByPage() throws Exception {
        List<String> pagedBySdk = new ArrayList<>();
        for (ModelInfo model :
                client.models().list(ModelListParams.builder().limit(3).build()).autoPager()) {
            pagedBySdk.add(model.id());
        }

        // the whole list, asked of the simulator directly
        HttpResponse<String> direct = Http.CLIENT.send(
                HttpRequest.newBuilder(
                                URI.create(TollgateStack.get().simulator().baseUrl() + "/v1/models?limit=1000"))
                        .header("x-api-key", "any")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> all = Json.createReader(new StringReader(direct.body())).readObject().getJsonArray("data").stream()
                .map(model -> model.asJsonObject().getString("id"))
                .toList();
        assertThat(all).hasSizeGreaterThan(3);
        assertThat(pagedBySdk).isEqualTo(all);
    }

    @Test
    void anUpstream429ArrivesAsRateLimitException() throws Exception {
        RateLimitException error = catchThrowableOfType(RateLimitException.class, () -> client.messages()
                .create(params(Upstream.newTestId()).toBuilder()
                        // one pinned account: Tollgate does not fail over, so the 429 reaches the SDK
                        .putAdditionalHeader("msl-account", "it-second")
                        .putAdditionalHeader("x-sim-status", "429")
                        .putAdditionalHeader("x-sim-retry-after", "0")
                        .build()));

        assertThat(error).as("a RateLimitException").isNotNull();
        assertThat(error.statusCode()).isEqualTo(429);
        assertThat(error.errorType()).hasValue(ErrorType.RATE_LIMIT_ERROR);
        assertThat(error.headers().values("retry-after")).containsExactly("0");
        assertThat(error.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        Map<String, Object> row = JournalRows.awaitRow(
                error.headers().values("x-tollgate-request-id").get(0));
        assertThat(row.get("response_status")).isEqualTo(429);
    }

    @Test
    void anUpstream529ArrivesAsOverloadedException() {
        OverloadedException error = catchThrowableOfType(OverloadedException.class, () -> client.messages()
                .create(params(Upstream.newTestId()).toBuilder()
                        .putAdditionalHeader("msl-account", "it-second")
                        .putAdditionalHeader("x-sim-status", "529")
                        .putAdditionalHeader("x-sim-retry-after", "0")
                        .build()));

        assertThat(error).as("an OverloadedException").isNotNull();
        assertThat(error.statusCode()).isEqualTo(529);
        assertThat(error.errorType()).hasValue(ErrorType.OVERLOADED_ERROR);
    }

    @Test
    void anOverloadedErrorInsideAStreamArrivesAsSseException() {
        SseException error;
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages()
                .createStreaming(params(Upstream.newTestId()).toBuilder()
                        .putAdditionalHeader("x-sim-stream-error", "error")
                        .putAdditionalHeader("x-sim-error-after-events", "3")
                        .build())) {
            error = catchThrowableOfType(
                    SseException.class, () -> stream.stream().forEach(event -> {}));
        }

        assertThat(error).as("an SseException after the 200").isNotNull();
        assertThat(error.errorType()).hasValue(ErrorType.OVERLOADED_ERROR);
    }

    /** The headers Tollgate journaled for a request (lower-case names, secrets masked). */
    private static JsonObject journaledHeaders(List<String> tollgateRequestId) throws Exception {
        assertThat(tollgateRequestId).hasSize(1);
        Map<String, Object> row = JournalRows.awaitRow(tollgateRequestId.get(0));
        assertThat(row.get("response_status")).isEqualTo(200);
        return Json.createReader(new StringReader((String) row.get("headers_text")))
                .readObject();
    }

    /** Whatever header the client used, the upstream sees only the account's key. */
    private static void assertReachedTheUpstreamWithTheAccountKey(String testId) {
        RecordedRequest received = Upstream.received(testId);
        assertThat(received.header("x-api-key")).isEqualTo(Rendezvous.keyFor("default"));
        assertThat(received.headerValues("authorization")).isEmpty();
    }
}

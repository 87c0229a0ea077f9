package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.tollgate.sim.RecordedRequest;
import dev.tollgate.sim.Scenario;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK, unmodified, pointed at Tollgate's OpenAI-compatible API: what it
 * sends is translated to the Messages API, what comes back is translated to what it expects.
 */
class OpenAiSdkIT {

    private static final String SIMULATOR_TEXT = "Hello from the Tollgate upstream simulator.";

    private static OpenAIClient client;

    @BeforeAll
    static void connect() {
        client = client(Http.CLIENT_KEY);
    }

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(TollgateStack.get().baseUrl() + "/openai/v1")
                .apiKey(key) // sent as Authorization: Bearer
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static ChatCompletionCreateParams.Builder params(String testId) {
        return ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxCompletionTokens(64)
                .addSystemMessage("Be brief.")
                .addUserMessage("Hello through Tollgate")
                .putAdditionalHeader(Upstream.TEST_ID, testId);
    }

    private static JsonObject json(byte[] body) {
        return Json.createReader(new ByteArrayInputStream(body)).readObject();
    }

    @Test
    void aCompletionIsTranslatedBothWaysAndJournaled() throws Exception {
        String testId = Upstream.newTestId();
        ChatCompletion completion =
                client.chat().completions().create(params(testId).build());

        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).hasValue(SIMULATOR_TEXT);
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.usage().orElseThrow().completionTokens()).isPositive();
        assertThat(completion.usage().orElseThrow().totalTokens())
                .isEqualTo(completion.usage().orElseThrow().promptTokens()
                        + completion.usage().orElseThrow().completionTokens());

        // what reached the Claude API is a Messages request with the system prompt lifted out
        RecordedRequest upstream = Upstream.received(testId);
        assertThat(upstream.path()).isEqualTo("/v1/messages");
        assertThat(upstream.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(upstream.header("authorization")).isNull();
        JsonObject sent = json(upstream.body());
        assertThat(sent.getJsonArray("system").getJsonObject(0).getString("text"))
                .isEqualTo("Be brief.");
        assertThat(sent.getJsonArray("messages")).hasSize(1);
        assertThat(sent.getInt("max_tokens")).isEqualTo(64);

        Map<String, Object> row = JournalRows.awaitRowOfTest(testId);
        assertThat(row.get("path")).isEqualTo("/openai/v1/chat/completions");
        assertThat(row.get("response_status")).isEqualTo(200);
        // classified as the seeds classify a Messages request: a one-shot question without Claude Code's prompt
        assertThat(row.get("request_type")).isEqualTo("query_evaluation");
        assertThat(((Number) row.get("output_tokens")).longValue())
                .isEqualTo(completion.usage().orElseThrow().completionTokens());
    }

    @Test
    void aStreamArrivesAsChunksEndingWithUsage() {
        String testId = Upstream.newTestId();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(params(testId)
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            chunks = stream.stream().collect(Collectors.toList());
        }
        String text = chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.delta().content().stream())
                .collect(Collectors.joining());
        assertThat(text).isEqualTo(SIMULATOR_TEXT);
        assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
        assertThat(chunks.stream()
                        .flatMap(chunk -> chunk.choices().stream())
                        .flatMap(choice -> choice.finishReason().stream())
                        .toList())
                .containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().completionTokens()).isPositive();
        assertThat(json(Upstream.received(testId).body()).getBoolean("stream")).isTrue();
    }

    @Test
    void aToolCallRoundTripsAsToolUseAndToolResult() {
        String testId = Upstream.newTestId();
        TollgateStack.get().simulator().enqueue(Scenario.defaults().withContent(Scenario.Content.TOOL_USE));
        ChatCompletion first =
                client.chat().completions().create(toolRequest(testId).build());

        ChatCompletion.Choice choice = first.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call =
                choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("Bash");
        assertThat(Json.createReader(new java.io.StringReader(call.function().arguments()))
                        .readObject()
                        .getString("command"))
                .isEqualTo("echo hello-from-tool");
        JsonObject firstSent = json(Upstream.received(testId).body());
        assertThat(firstSent
                        .getJsonArray("tools")
                        .getJsonObject(0)
                        .getJsonObject("input_schema")
                        .getString("type"))
                .isEqualTo("object");
        assertThat(firstSent.getJsonObject("tool_choice").getBoolean("disable_parallel_tool_use"))
                .isTrue();

        String secondTestId = Upstream.newTestId();
        ChatCompletion second = client.chat()
                .completions()
                .create(toolRequest(secondTestId)
                        .addMessage(choice.message())
                        .addMessage(ChatCompletionToolMessageParam.builder()
                                .toolCallId(call.id())
                                .content("hello-from-tool")
                                .build())
                        .build());
        assertThat(second.choices().get(0).message().content()).hasValue(SIMULATOR_TEXT);

        // the Claude API saw the tool call as tool_use and the result as tool_result, in order
        JsonArray turns = json(Upstream.received(secondTestId).body()).getJsonArray("messages");
        assertThat(turns).hasSize(3);
        JsonArray assistant = turns.getJsonObject(1).getJsonArray("content");
        JsonObject toolUse = assistant.getJsonObject(assistant.size() - 1);
        assertThat(toolUse.getString("type")).isEqualTo("tool_use");
        assertThat(toolUse.getString("id")).isEqualTo(call.id());
        assertThat(toolUse.getJsonObject("input").getString("command")).isEqualTo("echo hello-from-tool");
        JsonObject result = turns.getJsonObject(2).getJsonArray("content").getJsonObject(0);
        assertThat(result.getString("type")).isEqualTo("tool_result");
        assertThat(result.getString("tool_use_id")).isEqualTo(call.id());
        assertThat(result.getString("content")).isEqualTo("hello-from-tool");
    }

    private static ChatCompletionCreateParams.Builder toolRequest(String testId) {
        return ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxCompletionTokens(128)
                .addUserMessage("Say hello with the shell")
                .addFunctionTool(FunctionDefinition.builder()
                        .name("Bash")
                        .description("Run a shell command")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty(
                                        "properties", JsonValue.from(Map.of("command", Map.of("type", "string"))))
                                .build())
                        .build())
                .parallelToolCalls(false)
                .putAdditionalHeader(Upstream.TEST_ID, testId);
    }

    @Test
    void refusalsComeInTheOpenAiErrorShape() throws Exception {
        OpenAIClient stranger = client("not-a-key-of-this-tollgate");
        try {
            assertThatThrownBy(() -> stranger.chat()
                            .completions()
                            .create(params(Upstream.newTestId()).build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, refused -> assertThat(refused.type())
                            .hasValue("authentication_error"));
        } finally {
            stranger.close();
        }
        String testId = Upstream.newTestId();
        assertThatThrownBy(() ->
                        client.chat().completions().create(params(testId).n(3).build()))
                .isInstanceOfSatisfying(BadRequestException.class, refused -> {
                    assertThat(refused.param()).hasValue("n");
                    assertThat(refused.getMessage()).contains("n = 1");
                });
        assertThat(Upstream.countReceived(testId)).isZero();

        var raw = Http.send(
                Http.post("/openai/v1/chat/completions", "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}"));
        assertThat(raw.statusCode()).isEqualTo(400);
        JsonObject error = Json.createReader(new java.io.StringReader(raw.body()))
                .readObject()
                .getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.getString("param")).isEqualTo("messages");
        // refused, and journaled like every other request
        JournalRows.awaitRow(raw.headers().firstValue("x-tollgate-request-id").orElseThrow());
    }

    @Test
    void modelsAreListedInTheOpenAiShape() {
        var models = client.models().list().data();
        assertThat(models).isNotEmpty();
        assertThat(models).allSatisfy(model -> assertThat(model.ownedBy()).isEqualTo("anthropic"));
        assertThat(models).anySatisfy(model -> assertThat(model.id()).startsWith("claude-"));
        assertThat(client.models().retrieve("claude-haiku-4-5").id()).isEqualTo("claude-haiku-4-5");
        assertThatThrownBy(() -> client.models().retrieve("gpt-4o")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aStreamedToolCallIsAssembledByTheSdkFromItsFragments() {
        String testId = Upstream.newTestId();
        StringBuilder arguments = new StringBuilder();
        List<String> names = new java.util.ArrayList<>();
        List<ChatCompletionChunk.Choice.FinishReason> finishReasons = new java.util.ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(toolRequest(testId)
                        .putAdditionalHeader("x-sim-content", "tool_use")
                        .build())) {
            stream.stream().flatMap(chunk -> chunk.choices().stream()).forEach(choice -> {
                choice.delta().toolCalls().stream().flatMap(List::stream).forEach(call -> {
                    call.function().flatMap(f -> f.name()).ifPresent(names::add);
                    call.function().flatMap(f -> f.arguments()).ifPresent(arguments::append);
                });
                choice.finishReason().ifPresent(finishReasons::add);
            });
        }
        assertThat(names).containsExactly("Bash");
        assertThat(Json.createReader(new java.io.StringReader(arguments.toString()))
                        .readObject()
                        .getString("command"))
                .isEqualTo("echo hello-from-tool");
        assertThat(finishReasons).containsExactly(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void theSdkSeesUpstreamErrorsWithTheirStatusAndAnErrorMidStream() {
        assertThatThrownBy(() -> client.chat()
                        .completions()
                        .create(params(Upstream.newTestId())
                                .putAdditionalHeader("x-sim-status", "403")
                                .build()))
                .isInstanceOfSatisfying(PermissionDeniedException.class, refused -> assertThat(refused.statusCode())
                        .isEqualTo(403));
        assertThatThrownBy(() -> {
                    try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                            .completions()
                            .createStreaming(params(Upstream.newTestId())
                                    .putAdditionalHeader("x-sim-stream-error", "error")
                                    .putAdditionalHeader("x-sim-error-after-events", "4")
                                    .build())) {
                        stream.stream().forEach(chunk -> {});
                    }
                })
                .isInstanceOf(SseException.class)
                .hasMessageContaining("Overloaded");
    }
}

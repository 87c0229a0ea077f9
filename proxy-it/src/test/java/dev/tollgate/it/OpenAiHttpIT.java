package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible API over plain HTTP, where an SDK would hide what is on the wire: error
 * shapes on every path, hostile bodies, the stream frame by frame as it arrives, a stream broken
 * off or abandoned, the alias path, and the models.
 */
class OpenAiHttpIT {

    private static final String COMPLETIONS = "/openai/v1/chat/completions";

    private static final String PLAIN = "{\"model\":\"claude-sonnet-4-5\",\"max_completion_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    private static final String STREAMED = "{\"model\":\"claude-sonnet-4-5\",\"max_completion_tokens\":64,"
            + "\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"Bash\",\"parameters\":{\"type\":\"object\"}}}],"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello with the shell\"}]}";

    /** As the OpenAI SDKs send it: Bearer, no anthropic-version. */
    private static HttpRequest.Builder openAi(String path) {
        return HttpRequest.newBuilder(URI.create(TollgateStack.get().baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + Http.CLIENT_KEY);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return Http.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** The {@code error} object of an OpenAI error body; fails unless the body has exactly that shape. */
    private static JsonObject openAiError(HttpResponse<String> response) {
        JsonObject body = json(response.body());
        assertThat(body.keySet()).as(response.body()).containsExactly("error");
        JsonObject error = body.getJsonObject("error");
        assertThat(error.keySet()).contains("message", "type", "param", "code");
        return error;
    }

    private static String requestId(HttpResponse<?> response) {
        return response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    }

    @Test
    void unknownPathsAndWrongMethodsAnswerInOpenAisShapeThereAndInAnthropicsElsewhere() throws Exception {
        HttpResponse<String> wrongMethod = send(openAi(COMPLETIONS).GET());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(openAiError(wrongMethod).getString("type")).isEqualTo("invalid_request_error");

        HttpResponse<String> unknown = send(openAi("/openai/v1/embeddings")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"input\":\"x\"}")));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(openAiError(unknown).getString("message")).contains("/openai/v1/chat/completions");

        HttpResponse<String> native404 = send(Http.request("/v1/embeddings").GET());
        assertThat(native404.statusCode()).isEqualTo(404);
        assertThat(json(native404.body()).getString("type")).isEqualTo("error");
    }

    @Test
    void theClientKeyIsTakenFromXApiKeyTooAndARefusalIsAJournaled401InOpenAisShape() throws Exception {
        HttpResponse<String> withApiKeyHeader =
                send(HttpRequest.newBuilder(URI.create(TollgateStack.get().baseUrl() + COMPLETIONS))
                        .header("content-type", "application/json")
                        .header("x-api-key", Http.CLIENT_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(PLAIN)));
        assertThat(withApiKeyHeader.statusCode()).isEqualTo(200);
        assertThat(json(withApiKeyHeader.body()).getString("object")).isEqualTo("chat.completion");

        HttpResponse<String> refused = send(openAi(COMPLETIONS)
                .setHeader("authorization", "Bearer cnp_live_not_a_key_of_this_tollgate_0123456789")
                .POST(HttpRequest.BodyPublishers.ofString(PLAIN)));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("www-authenticate")).hasValue("Bearer");
        JsonObject error = openAiError(refused);
        assertThat(error.getString("type")).isEqualTo("authentication_error");
        assertThat(refused.body()).doesNotContain("not_a_key_of_this_tollgate");
        Map<String, Object> row = JournalRows.awaitRow(requestId(refused));
        assertThat(row.get("path")).isEqualTo(COMPLETIONS);
        assertThat(row.get("response_status")).isEqualTo(401);
    }

    @Test
    void hostileBodiesAreJournaled400sInOpenAisShapeAndNeverReachTheUpstream() throws Exception {
        String tooDeep = "{\"messages\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";
        for (String body : List.of(PLAIN + " {\"model\":\"x\"}", tooDeep, "not json", "[" + PLAIN + "]")) {
            String testId = Upstream.newTestId();
            HttpResponse<String> refused = send(openAi(COMPLETIONS)
                    .header(Upstream.TEST_ID, testId)
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(refused.statusCode())
                    .as(body.substring(0, Math.min(20, body.length())))
                    .isEqualTo(400);
            JsonObject error = openAiError(refused);
            assertThat(error.getString("type")).isEqualTo("invalid_request_error");
            assertThat(error.isNull("param")).isTrue();
            Map<String, Object> row = JournalRows.awaitRow(requestId(refused));
            assertThat(row.get("response_status")).isEqualTo(400);
            assertThat(row.get("path")).isEqualTo(COMPLETIONS);
            assertThat(Upstream.countReceived(testId)).isZero();
        }
    }

    @Test
    void anUpstreamErrorKeepsItsStatusAndTheJournalKeepsTheAnthropicAnswer() throws Exception {
        HttpResponse<String> refused = send(
                openAi(COMPLETIONS).header("x-sim-status", "403").POST(HttpRequest.BodyPublishers.ofString(PLAIN)));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(openAiError(refused).getString("type")).isEqualTo("permission_error");
        // the upstream's own headers still come through
        assertThat(refused.headers().firstValue("request-id"))
                .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));

        Map<String, Object> row = JournalRows.awaitRow(requestId(refused));
        assertThat(row.get("response_status")).isEqualTo(403);
        assertThat(json((String) row.get("response_body_text")).getString("type"))
                .isEqualTo("error");
    }

    record Frame(long nanos, String data) {}

    private static List<Frame> dataFrames(InputStream body) throws Exception {
        List<Frame> frames = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                assertThat(line)
                        .as("a Chat Completions stream has no event names")
                        .doesNotStartWith("event:");
                if (line.startsWith("data: ")) {
                    frames.add(new Frame(System.nanoTime(), line.substring("data: ".length())));
                }
            }
        }
        return frames;
    }

    @Test
    void aStreamsHeadersComeAtOnceNotWithItsFirstChunk() throws Exception {
        long firstEventDelayMillis = 1500;
        long lead = StreamingIT.headersLeadMillis(openAi(COMPLETIONS)
                .header("x-sim-first-event-delay-ms", String.valueOf(firstEventDelayMillis))
                .POST(HttpRequest.BodyPublishers.ofString(STREAMED))
                .build());
        assertThat(lead).isGreaterThanOrEqualTo(firstEventDelayMillis / 2);
    }

    @Test
    void aStreamedToolCallArrivesChunkByChunkAsTheUpstreamSendsIt() throws Exception {
        long gapMillis = 200;
        HttpResponse<InputStream> response = Http.CLIENT.send(
                openAi(COMPLETIONS)
                        .header("x-sim-content", "tool_use")
                        .header("x-sim-event-gap-ms", String.valueOf(gapMillis))
                        .POST(HttpRequest.BodyPublishers.ofString(STREAMED))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<Frame> frames = dataFrames(response.body());

        assertThat(frames.get(frames.size() - 1).data()).isEqualTo("[DONE]");
        List<JsonObject> chunks = frames.subList(0, frames.size() - 1).stream()
                .map(frame -> json(frame.data()))
                .toList();
        assertThat(chunks)
                .allSatisfy(chunk -> assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk"));
        assertThat(delta(chunks.get(0)).getString("role")).isEqualTo("assistant");

        StringBuilder text = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        List<String> argumentFragments = new ArrayList<>();
        String toolName = null;
        String toolId = null;
        List<String> finishReasons = new ArrayList<>();
        for (JsonObject chunk : chunks.subList(0, chunks.size() - 1)) {
            JsonObject choice = chunk.getJsonArray("choices").getJsonObject(0);
            JsonObject delta = choice.getJsonObject("delta");
            if (delta.containsKey("content")) {
                text.append(delta.getString("content"));
            }
            if (delta.containsKey("tool_calls")) {
                JsonObject call = delta.getJsonArray("tool_calls").getJsonObject(0);
                assertThat(call.getInt("index")).isZero();
                JsonObject function = call.getJsonObject("function");
                if (call.containsKey("id")) {
                    toolId = call.getString("id");
                    toolName = function.getString("name");
                } else {
                    argumentFragments.add(function.getString("arguments"));
                }
                arguments.append(function.getString("arguments"));
            }
            if (!choice.isNull("finish_reason")) {
                finishReasons.add(choice.getString("finish_reason"));
            }
        }
        assertThat(text.toString()).isEqualTo("Running a command.");
        assertThat(toolId).startsWith("toolu_");
        assertThat(toolName).isEqualTo("Bash");
        // the simulator sends the input as three fragments (the first empty, as the API does)
        assertThat(argumentFragments).hasSize(3);
        assertThat(json(arguments.toString()).getString("command")).isEqualTo("echo hello-from-tool");
        assertThat(finishReasons).containsExactly("tool_calls");

        JsonObject usageChunk = chunks.get(chunks.size() - 1);
        assertThat(usageChunk.getJsonArray("choices")).isEmpty();
        JsonObject usage = usageChunk.getJsonObject("usage");
        assertThat(usage.getInt("total_tokens"))
                .isEqualTo(usage.getInt("prompt_tokens") + usage.getInt("completion_tokens"));
        assertThat(usage.getInt("completion_tokens")).isPositive();

        // translated as they came: the frames are spread over the scripted gaps, not delivered at the end
        long spreadMillis =
                (frames.get(frames.size() - 1).nanos() - frames.get(0).nanos()) / 1_000_000;
        assertThat(spreadMillis).isGreaterThanOrEqualTo(gapMillis * 8);

        // the journal holds the Messages exchange as it went upstream and came back
        Map<String, Object> row = JournalRows.awaitRow(requestId(response));
        assertThat(row.get("path")).isEqualTo(COMPLETIONS);
        assertThat(row.get("response_streaming")).isEqualTo(true);
        assertThat(row.get("stop_reason")).isEqualTo("tool_use");
        assertThat(row.get("tool_call_count")).isEqualTo(1);
        assertThat(((Number) row.get("output_tokens")).longValue()).isEqualTo(usage.getInt("completion_tokens"));
        JsonObject sent = json((String) row.get("body_text"));
        assertThat(sent.getBoolean("stream")).isTrue();
        assertThat(sent.containsKey("stream_options")).isFalse();
        assertThat(sent.getJsonArray("tools").getJsonObject(0).containsKey("input_schema"))
                .isTrue();
        assertThat((String) row.get("response_body_text")).contains("\"type\": \"tool_use\"");
    }

    private static JsonObject delta(JsonObject chunk) {
        return chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
    }

    @Test
    void anErrorMidStreamIsAFinalErrorFrameWithoutDone() throws Exception {
        for (String kind : List.of("error", "drop")) {
            HttpResponse<InputStream> response = Http.CLIENT.send(
                    openAi(COMPLETIONS)
                            .header("x-sim-stream-error", kind)
                            .header("x-sim-error-after-events", "3")
                            .POST(HttpRequest.BodyPublishers.ofString(STREAMED))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            List<Frame> frames = dataFrames(response.body());
            String last = frames.get(frames.size() - 1).data();
            assertThat(frames).noneSatisfy(frame -> assertThat(frame.data()).isEqualTo("[DONE]"));
            JsonObject error = json(last).getJsonObject("error");
            assertThat(error.getString("type")).isEqualTo(kind.equals("error") ? "overloaded_error" : "api_error");
            assertThat(error.getString("message")).isNotBlank();
            Map<String, Object> row = JournalRows.awaitRow(requestId(response));
            assertThat((String) row.get("error"))
                    .contains(kind.equals("error") ? "overloaded_error" : "upstream stream broke off");
        }
    }

    @Test
    void aClientThatHangsUpMidStreamCancelsTheUpstreamCall() throws Exception {
        long gapMillis = 400;
        int textEvents = 40; // ~17 s if it ran to the end
        String testId = Upstream.newTestId();
        HttpResponse<InputStream> response = Http.CLIENT.send(
                openAi(COMPLETIONS)
                        .header("x-sim-event-gap-ms", String.valueOf(gapMillis))
                        .header("x-sim-text-events", String.valueOf(textEvents))
                        .header(Upstream.TEST_ID, testId)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"stream\":true,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).startsWith("data: {").contains("\"role\":\"assistant\"");
        reader.close(); // the client hangs up after the first chunk

        Map<String, Object> row = JournalRows.awaitRow(requestId(response));
        assertThat(row.get("response_status")).isEqualTo(499);
        assertThat((Integer) row.get("duration_ms")).isLessThan((int) (textEvents * gapMillis));
        assertThat(Upstream.awaitAbandoned(testId))
                .as("the upstream call was cancelled")
                .singleElement()
                .satisfies(stream -> assertThat(stream.eventsSent()).isLessThan(stream.eventsScripted()));
    }

    @Test
    void theAliasWithoutOpenAiInThePathServesChatCompletionsToo() throws Exception {
        HttpResponse<String> response =
                send(openAi("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString(PLAIN)));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject completion = json(response.body());
        assertThat(completion.getString("object")).isEqualTo("chat.completion");
        assertThat(completion.getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
                .isEqualTo("stop");
        Map<String, Object> row = JournalRows.awaitRow(requestId(response));
        assertThat(row.get("path")).isEqualTo("/v1/chat/completions");
        assertThat(row.get("request_type")).isEqualTo("query_evaluation");
    }

    @Test
    void everyUpstreamModelIsListedAndOneCanBeRetrievedWhileV1ModelsStaysNative() throws Exception {
        HttpResponse<String> nativeList =
                send(Http.request("/v1/models?limit=1000").GET());
        int upstreamModels = json(nativeList.body()).getJsonArray("data").size();
        assertThat(json(nativeList.body()).containsKey("has_more")).isTrue();

        HttpResponse<String> list = send(openAi("/openai/v1/models").GET());
        assertThat(list.statusCode()).isEqualTo(200);
        JsonObject models = json(list.body());
        assertThat(models.keySet()).containsExactlyInAnyOrder("object", "data");
        assertThat(models.getJsonArray("data")).hasSize(upstreamModels);
        Map<String, Object> row = JournalRows.awaitRow(requestId(list));
        assertThat(row.get("path")).isEqualTo("/openai/v1/models");
        assertThat(row.get("request_type")).isEqualTo("models");

        HttpResponse<String> one =
                send(openAi("/openai/v1/models/claude-sonnet-4-5").GET());
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one.body()).toString()).contains("\"id\":\"claude-sonnet-4-5\",\"object\":\"model\"");

        HttpResponse<String> unknown = send(openAi("/openai/v1/models/gpt-4o").GET());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(openAiError(unknown).getString("type")).isEqualTo("not_found_error");
    }
}

package dev.tollgate.sim;

import static dev.tollgate.sim.SimulatorClient.API_KEY;
import static dev.tollgate.sim.SimulatorClient.MESSAGES_BODY;
import static dev.tollgate.sim.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesEndpointTest extends SimulatorTestBase {

    @Test
    void nonStreamingReplyHasTheMessageShapeAndTheApiHeaders() {
        HttpResponse<String> response = client.send(client.messages(MESSAGES_BODY));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("request-id"))
                .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        assertThat(response.headers().firstValue("anthropic-organization-id")).isPresent();
        for (String kind : List.of("requests", "tokens", "input-tokens", "output-tokens")) {
            assertThat(response.headers().firstValue("anthropic-ratelimit-" + kind + "-limit"))
                    .isPresent();
            assertThat(response.headers().firstValue("anthropic-ratelimit-" + kind + "-remaining"))
                    .isPresent();
            assertThat(response.headers().firstValue("anthropic-ratelimit-" + kind + "-reset"))
                    .hasValueSatisfying(
                            reset -> assertThat(reset).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        }
        JsonObject message = json(response.body());
        assertThat(message.keySet())
                .containsExactly("id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage");
        assertThat(message.getString("id")).startsWith("msg_");
        assertThat(message.getString("type")).isEqualTo("message");
        assertThat(message.getString("role")).isEqualTo("assistant");
        assertThat(message.getString("model")).isEqualTo("claude-sonnet-4-5");
        assertThat(message.getJsonArray("content")).hasSize(1);
        assertThat(message.getJsonArray("content").getJsonObject(0).getString("text"))
                .isEqualTo(ScriptedReply.TEXT);
        assertThat(message.getString("stop_reason")).isEqualTo("end_turn");
        assertThat(message.isNull("stop_sequence")).isTrue();
        JsonObject usage = message.getJsonObject("usage");
        assertThat(usage.keySet())
                .containsExactly(
                        "input_tokens",
                        "cache_creation_input_tokens",
                        "cache_read_input_tokens",
                        "cache_creation",
                        "output_tokens",
                        "service_tier");
        assertThat(usage.getInt("input_tokens")).isEqualTo(MESSAGES_BODY.length() / 4);
        assertThat(usage.getInt("output_tokens")).isPositive();
        assertThat(usage.getJsonObject("cache_creation").keySet())
                .containsExactly("ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens");
        assertThat(usage.getString("service_tier")).isEqualTo("standard");
    }

    @Test
    void toolUseReplyCallsTheFirstToolOfTheRequest() {
        String body = "{\"model\":\"claude-opus-4-5\",\"max_tokens\":10,\"messages\":[],"
                + "\"tools\":[{\"name\":\"Read\",\"input_schema\":{\"type\":\"object\"}},{\"name\":\"Bash\"}]}";

        JsonObject message = json(
                client.send(client.messages(body, "x-sim-content", "tool_use")).body());

        assertThat(message.getString("stop_reason")).isEqualTo("tool_use");
        assertThat(message.getJsonArray("content").getJsonObject(0).getString("type"))
                .isEqualTo("text");
        JsonObject toolUse = message.getJsonArray("content").getJsonObject(1);
        assertThat(toolUse.getString("type")).isEqualTo("tool_use");
        assertThat(toolUse.getString("id")).startsWith("toolu_");
        assertThat(toolUse.getString("name")).isEqualTo("Read");
        assertThat(toolUse.getJsonObject("input").getString("command")).isEqualTo("echo hello-from-tool");
    }

    @Test
    void toolUseReplyCallsTheScriptedToolName() {
        String body = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[],\"tools\":[{\"name\":\"Agent\"}]}";

        JsonObject message =
                json(client.send(client.messages(body, "x-sim-content", "tool_use", "x-sim-tool-name", "Bash"))
                        .body());

        assertThat(message.getJsonArray("content").getJsonObject(1).getString("name"))
                .isEqualTo("Bash");
    }

    @Test
    void toolUseReplyCarriesTheScriptedInputAndText() {
        simulator.enqueue(Scenario.defaults()
                .withContent(Scenario.Content.TOOL_USE)
                .withToolName("Read")
                .withToolInput(Json.createObjectBuilder()
                        .add("file_path", "/work/notes.txt")
                        .build())
                .withText("Reading the notes."));

        JsonObject message = json(client.send(client.messages(MESSAGES_BODY)).body());

        assertThat(message.getJsonArray("content").getJsonObject(0).getString("text"))
                .isEqualTo("Reading the notes.");
        JsonObject toolUse = message.getJsonArray("content").getJsonObject(1);
        assertThat(toolUse.getString("name")).isEqualTo("Read");
        assertThat(toolUse.getJsonObject("input"))
                .isEqualTo(Json.createObjectBuilder()
                        .add("file_path", "/work/notes.txt")
                        .build());
    }

    @Test
    void textReplyCarriesTheScriptedText() {
        JsonObject message =
                json(client.send(client.messages(MESSAGES_BODY, "x-sim-text", "a value only the test knows"))
                        .body());

        assertThat(message.getJsonArray("content").getJsonObject(0).getString("text"))
                .isEqualTo("a value only the test knows");
    }

    @Test
    void toolUseReplyCallsBashWhenTheRequestHasNoTools() {
        JsonObject message = json(client.send(client.messages(MESSAGES_BODY, "x-sim-content", "tool_use"))
                .body());

        assertThat(message.getJsonArray("content").getJsonObject(1).getString("name"))
                .isEqualTo("Bash");
    }

    @Test
    void thinkingReplyCarriesTheSignedThinkingBlockBeforeTheText() {
        JsonObject message = json(client.send(client.messages(MESSAGES_BODY, "x-sim-content", "thinking"))
                .body());

        JsonObject thinking = message.getJsonArray("content").getJsonObject(0);
        assertThat(thinking.getString("type")).isEqualTo("thinking");
        assertThat(thinking.getString("thinking")).isEqualTo("Let me think about that.");
        assertThat(thinking.getString("signature")).isNotEmpty();
        assertThat(message.getJsonArray("content").getJsonObject(1).getString("type"))
                .isEqualTo("text");
    }

    @Test
    void gzipScenarioCompressesTheBody() throws IOException {
        HttpResponse<byte[]> response = client.send(
                client.messages(MESSAGES_BODY, "x-sim-gzip", "true"), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes();
        assertThat(json(new String(plain, StandardCharsets.UTF_8)).getString("type"))
                .isEqualTo("message");
    }

    @Test
    void missingCredentialsAreRefusedWith401() {
        HttpResponse<String> response = client.send(client.post("/v1/messages", MESSAGES_BODY));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(errorType(response)).isEqualTo("authentication_error");
    }

    @Test
    void bearerApiKeyIsAccepted() {
        HttpResponse<String> response =
                client.send(client.post("/v1/messages", MESSAGES_BODY, "authorization", "Bearer " + API_KEY));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void oauthTokenWithoutTheOauthBetaIsRefused() {
        HttpResponse<String> response = client.send(client.post(
                "/v1/messages",
                MESSAGES_BODY,
                "authorization",
                "Bearer sk-ant-oat01-abc",
                "anthropic-beta",
                "claude-code-20250219,interleaved-thinking-2025-05-14"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(errorType(response)).isEqualTo("authentication_error");
        assertThat(json(response.body()).getJsonObject("error").getString("message"))
                .isEqualTo("OAuth authentication is currently not supported.");
    }

    @Test
    void oauthTokenWithTheBetaInARepeatedHeaderIsAccepted() {
        HttpResponse<String> response = client.send(client.post(
                "/v1/messages",
                MESSAGES_BODY,
                "authorization",
                "Bearer sk-ant-oat01-abc",
                "anthropic-beta",
                "claude-code-20250219",
                "anthropic-beta",
                "oauth-2025-04-20"));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void oauthTokenSentAsApiKeyIsRefused() {
        HttpResponse<String> response = client.send(client.post(
                "/v1/messages", MESSAGES_BODY, "x-api-key", "sk-ant-oat01-abc", "anthropic-beta", "oauth-2025-04-20"));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void malformedJsonIsRefusedWith400() {
        HttpResponse<String> response = client.send(client.messages("{\"model\":\"m\",\"messages\":[}"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorType(response)).isEqualTo("invalid_request_error");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"max_tokens\":1,\"messages\":[]}                    | model",
                "{\"model\":\"m\",\"messages\":[]}                     | max_tokens",
                "{\"model\":\"m\",\"max_tokens\":1}                    | messages",
                "{\"model\":\"m\",\"max_tokens\":\"1\",\"messages\":[]} | max_tokens",
                "[]                                                    | JSON object"
            })
    void invalidBodyIsRefusedNamingTheField(String body, String named) {
        HttpResponse<String> response = client.send(client.messages(body));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).getJsonObject("error").getString("message"))
                .contains(named);
    }

    @Test
    void bodyOver32MegabytesIsRefusedWith413() {
        byte[] body = new byte[SimulatorRouter.MAX_BODY_BYTES + 1];
        Arrays.fill(body, (byte) ' ');

        HttpResponse<String> response = client.send(client.post("/v1/messages", body, "x-api-key", API_KEY));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(errorType(response)).isEqualTo("request_too_large");
    }

    @ParameterizedTest
    @CsvSource({
        "400, invalid_request_error",
        "401, authentication_error",
        "402, billing_error",
        "403, permission_error",
        "404, not_found_error",
        "409, conflict_error",
        "413, request_too_large",
        "429, rate_limit_error",
        "500, api_error",
        "529, overloaded_error"
    })
    void scriptedStatusAnswersWithTheErrorTypeOfThatStatus(int status, String type) {
        HttpResponse<String> response = client.send(client.messages(MESSAGES_BODY, "x-sim-status", "" + status));

        assertThat(response.statusCode()).isEqualTo(status);
        JsonObject body = json(response.body());
        assertThat(body.keySet()).containsExactly("type", "error", "request_id");
        assertThat(body.getString("type")).isEqualTo("error");
        assertThat(body.getJsonObject("error").getString("type")).isEqualTo(type);
        assertThat(body.getJsonObject("error").getString("message")).isNotBlank();
        assertThat(response.headers().firstValue("request-id")).hasValue(body.getString("request_id"));
        if (status == 429 || status == 529) {
            assertThat(response.headers().firstValue("retry-after")).hasValue("1");
            assertThat(response.headers().firstValue("x-should-retry")).hasValue("true");
        } else {
            assertThat(response.headers().firstValue("retry-after")).isEmpty();
        }
    }

    @Test
    void retryAfterIsScriptable() {
        HttpResponse<String> response =
                client.send(client.messages(MESSAGES_BODY, "x-sim-status", "429", "x-sim-retry-after", "17"));

        assertThat(response.headers().firstValue("retry-after")).hasValue("17");
    }

    @Test
    void queuedScenarioWinsOverHeadersAndIsUsedOnce() {
        simulator.enqueue(Scenario.defaults().withStatus(529));

        HttpResponse<String> first = client.send(client.messages(MESSAGES_BODY, "x-sim-status", "500"));
        HttpResponse<String> second = client.send(client.messages(MESSAGES_BODY));

        assertThat(first.statusCode()).isEqualTo(529);
        assertThat(second.statusCode()).isEqualTo(200);
    }

    @Test
    void invalidScenarioHeaderIsRefusedLoudly() {
        HttpResponse<String> response = client.send(client.messages(MESSAGES_BODY, "x-sim-content", "poem"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("x-sim-content");
    }

    @Test
    void countTokensAnswersTheEstimateWithoutMaxTokens() {
        String body =
                "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";

        HttpResponse<String> response =
                client.send(client.post("/v1/messages/count_tokens", body, "x-api-key", API_KEY));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).getInt("input_tokens")).isEqualTo(body.length() / 4);
    }

    @Test
    void countTokensChecksCredentialsAndJson() {
        assertThat(client.send(client.post("/v1/messages/count_tokens", "{\"model\":\"m\",\"messages\":[]}"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(client.send(client.post("/v1/messages/count_tokens", "{", "x-api-key", API_KEY))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void recordedRequestKeepsTheBodyByteForByteAndTheQuery() {
        // odd but legal: key order, whitespace, escapes and non-ASCII must all survive untouched
        String odd = "{ \"messages\" : [ {\"role\":\"system\",\"content\":\"caf\u00e9 \\u00e9 \\\"q\\\"\"} ],\n"
                + "\"metadata\":{\"user_id\":\"{\\\"a\\\":1}\"}, \"model\":\"claude-opus-4-5\",\t\"max_tokens\":5 }";
        byte[] body = odd.getBytes(StandardCharsets.UTF_8);

        client.send(client.post("/v1/messages?beta=true", body, "x-api-key", API_KEY, "x-app", "cli"));

        List<RecordedRequest> recorded = simulator.recordedRequests();
        assertThat(recorded).hasSize(1);
        RecordedRequest request = recorded.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.query()).isEqualTo("beta=true");
        assertThat(request.body()).isEqualTo(body);
        assertThat(request.header("X-App")).isEqualTo("cli");
        assertThat(request.header("x-api-key")).isEqualTo(API_KEY);
        assertThat(request.headers())
                .allSatisfy(header -> assertThat(header.name()).isLowerCase());
        assertThat(request.receivedAt()).isNotNull();
    }

    @Test
    void rootAnswersAConnectivityCheckWithoutCredentials() {
        HttpResponse<String> head =
                client.send(client.get("/").method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> get = client.send(client.get("/"));

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(simulator.recordedRequests()).isEmpty();
    }

    private static String errorType(HttpResponse<String> response) {
        return json(response.body()).getJsonObject("error").getString("type");
    }
}

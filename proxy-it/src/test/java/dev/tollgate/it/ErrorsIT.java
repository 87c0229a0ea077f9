package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every error a client can meet, in the Anthropic shape, with the right status, and journaled. */
class ErrorsIT {

    @Test
    void malformedJsonIs400InvalidRequestAndJournaled() throws Exception {
        HttpResponse<String> response = Http.send(Http.post("/v1/messages", "{\"model\": \"claude-sonnet-4-5\", "));
        assertAnthropicError(response, 400, "invalid_request_error");
        assertThat(message(response)).contains("not valid JSON");

        Map<String, Object> row = JournalRows.awaitRow(requestId(response));
        assertThat(row.get("response_status")).isEqualTo(400);
        assertThat((String) row.get("error")).contains("not valid JSON");
        // what the client sent is kept, as a JSON string since it is not JSON
        assertThat((String) row.get("body_text")).contains("claude-sonnet-4-5");
    }

    @Test
    void aBodyOver32MegabytesIs413RequestTooLarge() throws Exception {
        byte[] body = new byte[32 * 1024 * 1024 + 10];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        HttpResponse<String> response = Http.CLIENT.send(
                Http.request("/v1/messages")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertAnthropicError(response, 413, "request_too_large");
        assertThat(JournalRows.awaitRow(requestId(response)).get("response_status"))
                .isEqualTo(413);
    }

    @Test
    void anUpstream429PassesThroughWithRetryAfterAndRateLimitHeaders() throws Exception {
        HttpResponse<String> response = Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                .header("x-sim-status", "429")
                .header("x-sim-retry-after", "7"));
        assertAnthropicError(response, 429, "rate_limit_error");
        assertThat(response.headers().firstValue("retry-after")).hasValue("7");
        assertThat(response.headers().firstValue("anthropic-ratelimit-requests-remaining"))
                .isPresent();
        assertThat(json(response).getString("request_id")).startsWith("req_"); // the upstream's own error body

        Map<String, Object> row = JournalRows.awaitRow(requestId(response));
        assertThat(row.get("response_status")).isEqualTo(429);
        assertThat((String) row.get("error")).contains("rate_limit_error");
    }

    @Test
    void anUpstream529OverloadedPassesThrough() throws Exception {
        HttpResponse<String> response =
                Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY).header("x-sim-status", "529"));
        assertAnthropicError(response, 529, "overloaded_error");
    }

    @Test
    void anUpstreamThatDoesNotAnswerInTimeIs504() throws Exception {
        long delayMillis = (TollgateStack.UPSTREAM_TIMEOUT_SECONDS + 3) * 1000L;
        HttpResponse<String> response = Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                .header("x-sim-headers-delay-ms", String.valueOf(delayMillis)));
        assertAnthropicError(response, 504, "api_error");
        assertThat(message(response))
                .contains("did not answer within " + TollgateStack.UPSTREAM_TIMEOUT_SECONDS + " s");
        assertThat(JournalRows.awaitRow(requestId(response)).get("response_status"))
                .isEqualTo(504);
    }

    @Test
    void anUpstreamThatHangsUpWithoutAnsweringIs502() throws Exception {
        HttpResponse<String> response =
                Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY).header("x-sim-stream-error", "drop"));
        assertAnthropicError(response, 502, "api_error");
        assertThat(message(response)).contains("could not reach the Claude API");
        assertThat(JournalRows.awaitRow(requestId(response)).get("response_status"))
                .isEqualTo(502);
    }

    @Test
    void anInvalidTrainIdIsRefusedBeforeItIsUsed() throws Exception {
        HttpResponse<String> response =
                Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY).header("msl-train-id", "../../etc/passwd"));
        assertAnthropicError(response, 400, "invalid_request_error");
        assertThat(message(response)).contains("train id");
    }

    @Test
    void anUnknownPathIs404InTheSameShape() throws Exception {
        HttpResponse<String> response = Http.send(Http.post("/v1/completions", Http.SIMPLE_BODY));
        assertAnthropicError(response, 404, "not_found_error");
    }

    static void assertAnthropicError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(contentType -> assertThat(contentType).contains("application/json"));
        JsonObject body = json(response);
        assertThat(body.getString("type")).isEqualTo("error");
        assertThat(body.getJsonObject("error").getString("type")).isEqualTo(type);
        assertThat(body.getJsonObject("error").getString("message")).isNotBlank();
    }

    static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    static String message(HttpResponse<String> response) {
        return json(response).getJsonObject("error").getString("message");
    }

    static String requestId(HttpResponse<String> response) {
        return response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    }
}

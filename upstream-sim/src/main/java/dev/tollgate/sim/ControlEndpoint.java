package dev.tollgate.sim;

import com.sun.net.httpserver.HttpExchange;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.NoSuchElementException;

/**
 * The {@code /_sim/*} endpoints, for tests that run the simulator in another process: read and clear the
 * recorded requests, queue scenarios, script the OAuth token endpoint. They mirror the Java API of
 * {@link UpstreamSimulator} and are never recorded themselves.
 */
final class ControlEndpoint {

    static final String PREFIX = "/_sim/";

    private final RequestRecorder recorder;
    private final ScenarioQueue scenarios;
    private final OAuthTokenEndpoint oauth;

    ControlEndpoint(RequestRecorder recorder, ScenarioQueue scenarios, OAuthTokenEndpoint oauth) {
        this.recorder = recorder;
        this.scenarios = scenarios;
        this.oauth = oauth;
    }

    void handle(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        switch (path) {
            case "/_sim/requests" -> {
                if (method.equals("GET")) {
                    sendRecordedRequests(exchange);
                } else if (method.equals("DELETE")) {
                    recorder.clear();
                    sendNoContent(exchange);
                } else {
                    throw ApiFailure.methodNotAllowed();
                }
            }
            case "/_sim/scenarios" -> {
                if (method.equals("POST")) {
                    enqueueScenarios(readJson(exchange));
                    sendNoContent(exchange);
                } else if (method.equals("DELETE")) {
                    scenarios.clear();
                    sendNoContent(exchange);
                } else {
                    throw ApiFailure.methodNotAllowed();
                }
            }
            case "/_sim/oauth/revocations" -> {
                requirePost(method);
                oauth.revokeRefreshToken(requiredString(readJson(exchange), "refreshToken"));
                sendNoContent(exchange);
            }
            case "/_sim/oauth/failures" -> {
                requirePost(method);
                JsonValue status = requiredObject(readJson(exchange)).get("status");
                if (!(status instanceof JsonNumber number) || !number.isIntegral()) {
                    throw ApiFailure.invalidRequest("status: expected an HTTP status number");
                }
                try {
                    oauth.failNextRequest(number.intValue());
                } catch (IllegalArgumentException e) {
                    throw ApiFailure.invalidRequest(e.getMessage());
                }
                sendNoContent(exchange);
            }
            default -> throw ApiFailure.notFound("No simulator control endpoint " + path);
        }
    }

    /** Accepts one scenario object or an array of them, queued in order. */
    private void enqueueScenarios(JsonValue json) {
        try {
            if (json.getValueType() == JsonValue.ValueType.ARRAY) {
                // parse them all first, so that an invalid one queues none
                var parsed = json.asJsonArray().stream()
                        .map(element -> Scenario.fromJson(requiredObject(element)))
                        .toList();
                parsed.forEach(scenarios::enqueue);
            } else {
                scenarios.enqueue(Scenario.fromJson(requiredObject(json)));
            }
        } catch (IllegalArgumentException e) {
            throw ApiFailure.invalidRequest(e.getMessage());
        }
    }

    /** Streams the JSON array, so that a thousand large bodies never sit in memory as one string. */
    private void sendRecordedRequests(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("content-type", ApiResponses.JSON);
        exchange.sendResponseHeaders(200, 0);
        Base64.Encoder base64 = Base64.getEncoder();
        try (OutputStream body = exchange.getResponseBody();
                JsonGenerator json = JsonFactories.GENERATORS.createGenerator(body)) {
            json.writeStartArray();
            for (RecordedRequest request : recorder.snapshot()) {
                json.writeStartObject().write("method", request.method()).write("path", request.path());
                if (request.query() == null) {
                    json.writeNull("query");
                } else {
                    json.write("query", request.query());
                }
                json.writeStartArray("headers");
                for (RecordedRequest.Header header : request.headers()) {
                    json.writeStartArray()
                            .write(header.name())
                            .write(header.value())
                            .writeEnd();
                }
                json.writeEnd()
                        .write("bodyBase64", base64.encodeToString(request.body()))
                        .write("receivedAt", request.receivedAt().toString())
                        .writeEnd();
            }
            json.writeEnd();
        }
    }

    private static JsonValue readJson(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        try (var reader = JsonFactories.READERS.createReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
            return reader.readValue();
        } catch (JsonException | NoSuchElementException e) {
            throw ApiFailure.invalidRequest("The request body must be JSON: " + e.getMessage());
        }
    }

    private static JsonObject requiredObject(JsonValue json) {
        if (json.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiFailure.invalidRequest("Expected a JSON object");
        }
        return json.asJsonObject();
    }

    private static String requiredString(JsonValue json, String name) {
        if (requiredObject(json).get(name) instanceof JsonString string) {
            return string.getString();
        }
        throw ApiFailure.invalidRequest(name + ": expected a string");
    }

    private static void requirePost(String method) {
        if (!method.equals("POST")) {
            throw ApiFailure.methodNotAllowed();
        }
    }

    private static void sendNoContent(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(204, -1);
    }
}

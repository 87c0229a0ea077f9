package dev.tollgate.sim;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain JDK HTTP client pointed at a simulator, with the request shapes the tests need. */
final class SimulatorClient {

    static final String API_KEY = "sk-ant-api03-test-key";
    static final String MESSAGES_BODY =
            "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String STREAM_BODY =
            "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // the JDK server speaks HTTP/1.1 only
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;

    SimulatorClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A POST with the given body and header name/value pairs, no credentials added. */
    HttpRequest.Builder post(String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request;
    }

    HttpRequest.Builder post(String path, String body, String... headers) {
        return post(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** A POST to the Messages API with an API key and the given extra header pairs. */
    HttpRequest.Builder messages(String body, String... headers) {
        return post("/v1/messages", body, headers).header("x-api-key", API_KEY);
    }

    HttpRequest.Builder get(String path, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request;
    }

    /** Parses a JSON object body. */
    static JsonObject json(String body) {
        try (var reader = JsonFactories.READERS.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> bodyHandler) throws IOException {
        try {
            return http.send(request.build(), bodyHandler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

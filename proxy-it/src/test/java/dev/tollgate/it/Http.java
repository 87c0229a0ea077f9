package dev.tollgate.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP to Tollgate, the way curl would talk to it. */
final class Http {

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static final String CLIENT_KEY = "sk-ant-api03-" + "client-presented-key-abcdefghijklmnopqrstuvwxyz0123";

    static final String SIMPLE_BODY =
            "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    static final String STREAM_BODY = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    private Http() {}

    static HttpRequest.Builder post(String pathAndQuery, String body) {
        return request(pathAndQuery).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(TollgateStack.get().baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("x-api-key", CLIENT_KEY);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

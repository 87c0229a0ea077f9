package dev.tollgate.relay.control;

import dev.tollgate.messages.entity.Header;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one HTTP client Tollgate talks to the Claude API with. Shared by all requests: a client per
 * request costs ~20x the throughput and leaks threads. HTTP/2 over TLS; HTTP/1.1 for a plaintext
 * upstream (the simulator), where HTTP/2 would try an h2c upgrade on every connection.
 */
@ApplicationScoped
public class UpstreamClient {

    @Inject
    @ConfigProperty(name = "CLAUDE_API_BASE_URL", defaultValue = "https://api.anthropic.com")
    String baseUrl;

    @Inject
    @ConfigProperty(name = "tollgate.upstream.connect-timeout-seconds", defaultValue = "10")
    long connectTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "tollgate.upstream.timeout-seconds", defaultValue = "600")
    long timeoutSeconds;

    private HttpClient client;
    private String normalizedBaseUrl;

    @PostConstruct
    void start() {
        normalizedBaseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        // the client's own work (reading answers, completing sends) runs on its selector thread, not
        // handed to a pool: each hand-off cost a thread wake-up per request (docs/performance.md).
        // Nothing of Tollgate's runs there: bodies are read from InputStreams by the relay's threads.
        client = HttpClient.newBuilder()
                .version(
                        normalizedBaseUrl.startsWith("https:")
                                ? HttpClient.Version.HTTP_2
                                : HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(connectTimeoutSeconds))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Runnable::run)
                .build();
    }

    /**
     * Sends a request and returns as soon as the response headers are in; the body is read by the caller.
     *
     * @throws java.net.http.HttpTimeoutException when no response headers came within the timeout
     * @throws IOException when the upstream cannot be reached
     */
    public HttpResponse<InputStream> send(String method, String pathAndQuery, List<Header> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(normalizedBaseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Header header : headers) {
            request.header(header.name(), header.value());
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    public String baseUrl() {
        return normalizedBaseUrl;
    }

    public long timeoutSeconds() {
        return timeoutSeconds;
    }
}

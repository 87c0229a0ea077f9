package dev.tollgate.sim;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one handler of the server: reads and records every {@code /v1/*} request, dispatches by path, and
 * answers every refusal ({@link ApiFailure}) in the API's error shape.
 *
 * <p>The exchange is closed only when a response completed normally. Any exception that escapes makes the
 * JDK server close the connection without finishing the response, which is exactly how a dropped
 * connection ({@link SimulatedConnectionDrop}) has to look to the client.
 */
final class SimulatorRouter implements HttpHandler {

    /** The API refuses larger bodies with 413 {@code request_too_large}. */
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

    private static final byte[] ROOT_BODY = "Tollgate upstream simulator\n".getBytes(StandardCharsets.UTF_8);

    private final RequestRecorder recorder;
    private final MessagesEndpoint messages;
    private final ModelsEndpoint models;
    private final OAuthTokenEndpoint oauth;
    private final ControlEndpoint control;

    SimulatorRouter(
            RequestRecorder recorder,
            MessagesEndpoint messages,
            ModelsEndpoint models,
            OAuthTokenEndpoint oauth,
            ControlEndpoint control) {
        this.recorder = recorder;
        this.messages = messages;
        this.models = models;
        this.oauth = oauth;
        this.control = control;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        try {
            if (path.startsWith("/v1/")) {
                handleApi(exchange, path);
            } else if (path.startsWith(ControlEndpoint.PREFIX)) {
                control.handle(exchange, path);
            } else if (path.equals("/")) {
                answerRoot(exchange);
            } else {
                throw ApiFailure.notFound("Not Found");
            }
        } catch (ApiFailure failure) {
            ApiResponses.sendError(exchange, failure.status(), failure.getMessage());
        }
        exchange.close();
    }

    private void handleApi(HttpExchange exchange, String path) throws IOException {
        Instant receivedAt = Instant.now();
        Optional<byte[]> body = readBody(exchange);
        recorder.record(new RecordedRequest(
                exchange.getRequestMethod(),
                path,
                exchange.getRequestURI().getRawQuery(),
                headersOf(exchange.getRequestHeaders()),
                body.orElse(new byte[0]),
                receivedAt));
        if (body.isEmpty()) {
            throw new ApiFailure(413, "Request exceeds the maximum allowed number of bytes.");
        }
        String method = exchange.getRequestMethod();
        if (path.equals("/v1/messages")) {
            requireMethod(method, "POST");
            messages.createMessage(exchange, body.get());
        } else if (path.equals("/v1/messages/count_tokens")) {
            requireMethod(method, "POST");
            messages.countTokens(exchange, body.get());
        } else if (path.equals(ModelsEndpoint.PATH) || path.startsWith(ModelsEndpoint.PATH + "/")) {
            requireMethod(method, "GET");
            models.handle(exchange, path);
        } else if (path.equals("/v1/oauth/token")) {
            requireMethod(method, "POST");
            oauth.handle(exchange, body.get());
        } else {
            throw ApiFailure.notFound("Not Found");
        }
    }

    /** Claude Code checks connectivity with {@code HEAD /} before anything else: answer at once. */
    private static void answerRoot(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("content-type", "text/plain; charset=utf-8");
        ApiResponses.sendBytes(exchange, 200, ROOT_BODY);
    }

    /**
     * The body, or empty when it is larger than the API accepts. An oversized body is still read to its end
     * (and discarded), so that the client gets the 413 instead of a reset connection.
     */
    private static Optional<byte[]> readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String contentLength = exchange.getRequestHeaders().getFirst("content-length");
        if (contentLength != null) {
            long length = parseContentLength(contentLength);
            if (length > MAX_BODY_BYTES) {
                in.transferTo(OutputStream.nullOutputStream());
                return Optional.empty();
            }
            byte[] body = new byte[(int) length];
            int read = in.readNBytes(body, 0, body.length);
            return Optional.of(read == body.length ? body : Arrays.copyOf(body, read));
        }
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1); // chunked: read one byte too many to notice excess
        if (body.length > MAX_BODY_BYTES) {
            in.transferTo(OutputStream.nullOutputStream());
            return Optional.empty();
        }
        return Optional.of(body);
    }

    private static long parseContentLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiFailure.invalidRequest("Invalid content-length");
        }
    }

    /** Every header value, names lower-cased and sorted (the JDK server does not keep the wire order). */
    private static List<RecordedRequest.Header> headersOf(Headers headers) {
        Map<String, List<String>> sorted = new TreeMap<>();
        headers.forEach((name, values) -> sorted.put(name.toLowerCase(Locale.ROOT), values));
        List<RecordedRequest.Header> result = new ArrayList<>();
        sorted.forEach((name, values) -> values.forEach(value -> result.add(new RecordedRequest.Header(name, value))));
        return result;
    }

    private static void requireMethod(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw ApiFailure.methodNotAllowed();
        }
    }
}

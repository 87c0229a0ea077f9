package dev.tollgate.sim;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.zip.GZIPOutputStream;

/**
 * Sends responses with the headers every real API response carries ({@code request-id},
 * {@code anthropic-organization-id}, the {@code anthropic-ratelimit-*} set), so that the proxy's header
 * pass-through and its rate-limit bookkeeping see realistic values. Values follow
 * {@code fixtures/http-429-rate-limit.txt}.
 */
final class ApiResponses {

    static final String ORGANIZATION_ID = "00000000-0000-4000-8000-000000000000";
    static final String JSON = "application/json";
    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    private ApiResponses() {}

    /**
     * Adds the headers every API response carries.
     *
     * @return the request id, which error bodies repeat
     */
    static String addStandardHeaders(HttpExchange exchange) {
        Headers headers = exchange.getResponseHeaders();
        String requestId = Ids.requestId();
        String reset = DateTimeFormatter.ISO_INSTANT.format(
                Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS));
        headers.set("request-id", requestId);
        headers.set("anthropic-organization-id", ORGANIZATION_ID);
        addRateLimit(headers, "requests", 4000, 3999, reset);
        addRateLimit(headers, "input-tokens", 400_000, 399_000, reset);
        addRateLimit(headers, "output-tokens", 80_000, 80_000, reset);
        addRateLimit(headers, "tokens", 480_000, 479_000, reset);
        return requestId;
    }

    /** A JSON success response with a fixed length (cheaper for clients than chunking). */
    static void sendJson(HttpExchange exchange, int status, JsonObject body, boolean gzip) throws IOException {
        addStandardHeaders(exchange);
        exchange.getResponseHeaders().set("content-type", JSON);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        if (gzip) {
            exchange.getResponseHeaders().set("content-encoding", "gzip");
            bytes = gzip(bytes);
        }
        sendBytes(exchange, status, bytes);
    }

    /** An error in the API's shape; 429 and 529 also say when and whether to retry. */
    static void sendError(HttpExchange exchange, int status, String message, int retryAfterSeconds) throws IOException {
        String requestId = addStandardHeaders(exchange);
        Headers headers = exchange.getResponseHeaders();
        headers.set("content-type", JSON);
        if (status == 429 || status == 529) {
            headers.set("retry-after", Integer.toString(retryAfterSeconds));
            headers.set("x-should-retry", "true");
        }
        sendBytes(exchange, status, ErrorBodies.render(status, message, requestId));
    }

    static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        sendError(exchange, status, message, 1);
    }

    /**
     * Sends the 200 status line and headers of an SSE stream at once (chunked), so that the client sees the
     * response start before the first event.
     */
    static OutputStream startEventStream(HttpExchange exchange) throws IOException {
        addStandardHeaders(exchange);
        Headers headers = exchange.getResponseHeaders();
        headers.set("content-type", EVENT_STREAM);
        headers.set("cache-control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** Sends a complete body; a HEAD request gets the status and headers only. */
    static void sendBytes(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        if (bytes.length == 0 || "HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void addRateLimit(Headers headers, String kind, long limit, long remaining, String reset) {
        String prefix = "anthropic-ratelimit-" + kind + "-";
        headers.set(prefix + "limit", Long.toString(limit));
        headers.set(prefix + "remaining", Long.toString(remaining));
        headers.set(prefix + "reset", reset);
    }

    private static byte[] gzip(byte[] plain) {
        var compressed = new ByteArrayOutputStream(plain.length / 2 + 64);
        try (var out = new GZIPOutputStream(compressed)) {
            out.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory compression cannot fail", e);
        }
        return compressed.toByteArray();
    }
}

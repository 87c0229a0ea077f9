package dev.tollgate.relay.entity;

import dev.tollgate.messages.entity.Header;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A client's request as the web edge received it, before Tollgate reads its body.
 *
 * @param path the path the client called, e.g. {@code /v1/messages}; what the journal records
 * @param upstreamPath where the request goes upstream: the same path, except for a translated
 *     request (the OpenAI-compatible endpoint sends {@code /v1/messages})
 * @param query the raw query string without {@code ?}, or null
 * @param body the body as it arrives (read by the relay, within the size limit), or null for GET
 * @param declaredLength the Content-Length the client declared, or -1
 * @param receivedNanos {@link System#nanoTime()} at arrival, the origin of all durations
 */
public record ClientRequest(
        UUID requestId,
        OffsetDateTime receivedAt,
        long receivedNanos,
        String method,
        String path,
        String upstreamPath,
        String query,
        List<Header> headers,
        String clientAddress,
        InputStream body,
        long declaredLength) {

    public ClientRequest {
        headers = List.copyOf(headers);
        upstreamPath = upstreamPath == null ? path : upstreamPath;
    }

    /** A request that goes upstream to the path it was sent to. */
    public ClientRequest(
            UUID requestId,
            OffsetDateTime receivedAt,
            long receivedNanos,
            String method,
            String path,
            String query,
            List<Header> headers,
            String clientAddress,
            InputStream body,
            long declaredLength) {
        this(
                requestId,
                receivedAt,
                receivedNanos,
                method,
                path,
                null,
                query,
                headers,
                clientAddress,
                body,
                declaredLength);
    }

    /**
     * The same request, translated: sent to {@code upstreamPath} with these headers and body, still
     * journaled under the client's path, id and arrival time.
     *
     * @param upstreamBody null for a request without a body (GET)
     */
    public ClientRequest translated(String upstreamPath, List<Header> upstreamHeaders, byte[] upstreamBody) {
        return new ClientRequest(
                requestId,
                receivedAt,
                receivedNanos,
                method,
                path,
                upstreamPath,
                null,
                upstreamHeaders,
                clientAddress,
                upstreamBody == null ? null : new java.io.ByteArrayInputStream(upstreamBody),
                upstreamBody == null ? -1 : upstreamBody.length);
    }

    public String header(String lowerCaseName) {
        for (Header header : headers) {
            if (header.is(lowerCaseName)) {
                return header.value();
            }
        }
        return null;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - receivedNanos) / 1_000_000;
    }
}

package dev.tollgate.relay.entity;

import dev.tollgate.messages.entity.Header;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A client's request as the web edge received it, before Tollgate reads its body.
 *
 * @param path the request path, e.g. {@code /v1/messages}
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
        String query,
        List<Header> headers,
        String clientAddress,
        InputStream body,
        long declaredLength) {

    public ClientRequest {
        headers = List.copyOf(headers);
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

package dev.tollgate.journal.entity;

import dev.tollgate.messages.entity.Header;
import dev.tollgate.messages.entity.SseEvent;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Everything the request path knows about one finished exchange, handed to the journal as is. It is
 * cheap to build (no JSON is parsed here); the background writer turns it into a row. Secrets are
 * already masked in the headers: raw credentials never leave the request thread.
 *
 * @param responseBody the complete body of a non-streamed response (decoded), else null
 * @param events the events of a streamed response, else empty
 * @param firstTokenMs milliseconds to the first content delta of a stream, or null
 * @param attempt 1 for the first account tried, 2, 3... for failover attempts
 * @param finalRequestId on an attempt that failed over, the request id of the answer the client got
 * @param failedOverFrom on the answer the client got after failing over, the accounts tried before
 *     (comma-separated, in order), else null
 */
public record JournalRecord(
        UUID requestId,
        OffsetDateTime receivedAt,
        String method,
        String path,
        String query,
        String trainId,
        String domain,
        String accountId,
        String apiKeyHash,
        String clientAddress,
        List<Header> requestHeaders,
        byte[] requestBody,
        String requestModel,
        boolean streaming,
        int responseStatus,
        List<Header> responseHeaders,
        byte[] responseBody,
        List<SseEvent> events,
        Long firstTokenMs,
        long durationMs,
        String error,
        int attempt,
        UUID finalRequestId,
        String failedOverFrom) {

    // Calibrated on heap histograms of a full journal queue (issue 14): about 5.3 KB per record of a
    // small request with nineteen headers; a Java string costs some 40 bytes besides its text.
    private static final int RECORD_OVERHEAD_BYTES = 1000;
    private static final int HEADER_OVERHEAD_BYTES = 120;
    private static final int EVENT_OVERHEAD_BYTES = 100;

    public JournalRecord {
        requestHeaders = List.copyOf(requestHeaders);
        responseHeaders = List.copyOf(responseHeaders);
        events = List.copyOf(events);
    }

    /** Roughly what the record takes on the heap: the journal queue's memory budget counts this. */
    public long approximateBytes() {
        long bytes = RECORD_OVERHEAD_BYTES + length(requestBody) + length(responseBody);
        for (Header header : requestHeaders) {
            bytes += HEADER_OVERHEAD_BYTES
                    + header.name().length()
                    + header.value().length();
        }
        for (Header header : responseHeaders) {
            bytes += HEADER_OVERHEAD_BYTES
                    + header.name().length()
                    + header.value().length();
        }
        for (SseEvent event : events) {
            bytes += EVENT_OVERHEAD_BYTES + length(event.event()) + length(event.data());
        }
        return bytes;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    /** The first value of a request header, or null. */
    public String requestHeader(String lowerCaseName) {
        return requestHeaders.stream()
                .filter(header -> header.is(lowerCaseName))
                .map(Header::value)
                .findFirst()
                .orElse(null);
    }

    /** The first value of a response header, or null. */
    public String responseHeader(String lowerCaseName) {
        return responseHeaders.stream()
                .filter(header -> header.is(lowerCaseName))
                .map(Header::value)
                .findFirst()
                .orElse(null);
    }
}

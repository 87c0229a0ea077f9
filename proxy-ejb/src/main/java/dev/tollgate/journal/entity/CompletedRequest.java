package dev.tollgate.journal.entity;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * One request as the journal understood it: fired as a CDI event on the journal's writer thread,
 * once per journal row, after the response has been analysed (usage, cost) and before the row is
 * stored. Metrics, request logs, quotas and alerts observe it, so they agree with the journal and
 * none of them costs the request path anything.
 *
 * <p>Observers run on the writer thread: they must be quick and in memory (no I/O that can block);
 * an observer that throws is logged and does not stop the journal. Fired whether the row then goes
 * to the database or to the spill journal, and with {@code STORAGE_ENABLED=false} too; not again
 * when a spilled record is replayed.
 *
 * @param accountId the account that served (or was tried for) the request; null when Tollgate
 *     refused it before routing (authentication, quota, bad input)
 * @param apiKeyHash the salted hash of the client key (never the key), or null
 * @param model the model asked for, else the one that answered, or null
 * @param status the HTTP status the client got for this attempt (499 for a client hang-up)
 * @param firstTokenMs milliseconds to the first content of a stream, or null
 * @param error Tollgate's or the upstream's error, masked, or null
 * @param gaveUp true for an attempt Tollgate gave up on to fail over to the next account; the
 *     client never saw its answer
 * @param failedOverFrom on the answer after failing over, the accounts tried before, else null
 * @param requestHeadersJson the request headers as journaled (secrets masked)
 */
public record CompletedRequest(
        String requestId,
        OffsetDateTime receivedAt,
        String method,
        String path,
        String trainId,
        String domain,
        String accountId,
        String apiKeyHash,
        String clientAddress,
        String model,
        String requestType,
        boolean streaming,
        int status,
        long durationMs,
        Long firstTokenMs,
        long inputTokens,
        long outputTokens,
        long cacheCreationInputTokens,
        long cacheReadInputTokens,
        BigDecimal costUsd,
        String error,
        int attempt,
        boolean gaveUp,
        String failedOverFrom,
        String userAgent,
        String upstreamRequestId,
        String requestHeadersJson,
        long requestBodyChars,
        long responseBodyChars) {

    /** Input, output and cache tokens together, as {@code api_requests.total_tokens}. */
    public long totalTokens() {
        return inputTokens + outputTokens + cacheCreationInputTokens + cacheReadInputTokens;
    }

    /** Whether Tollgate itself refused the request before sending it anywhere (no account tried). */
    public boolean refusedByTollgate() {
        return accountId == null && status >= 400;
    }
}

package dev.tollgate.dashboard.requests.entity;

import java.util.List;

/**
 * One request as the detail page shows it: its row, its headers and bodies as stored (masked), and
 * the timeline of a streamed answer, and every attempt of the client's request when it failed over.
 */
public record RequestDetail(
        RequestRow row,
        String domain,
        String path,
        String userAgent,
        String sessionId,
        String conversationId,
        String branchId,
        Long firstTokenMs,
        int attempt,
        String failedOverFrom,
        String requestHeaders,
        String requestBody,
        String responseHeaders,
        String responseBody,
        List<Chunk> chunks,
        List<Attempt> attempts) {

    /** One event of a streamed answer, and when it arrived after the request. */
    public record Chunk(int index, String event, long afterMillis) {}

    /** One try of the client's request on an account; more than one when Tollgate failed over. */
    public record Attempt(String requestId, int attempt, String accountId, Integer status, String error) {}
}

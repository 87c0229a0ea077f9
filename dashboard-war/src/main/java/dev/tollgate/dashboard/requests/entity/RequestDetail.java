package dev.tollgate.dashboard.requests.entity;

import java.util.List;

/**
 * One request as the detail page shows it: its row, its headers and bodies as stored (masked), and
 * the timeline of a streamed answer.
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
        List<Chunk> chunks) {

    /** One event of a streamed answer, and when it arrived after the request. */
    public record Chunk(int index, String event, long afterMillis) {}
}

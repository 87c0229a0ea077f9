package dev.tollgate.dashboard.requests.entity;

import java.time.Instant;

/**
 * What the requests table is narrowed to; null fields do not narrow.
 *
 * @param text searched for in the request and response bodies (case-insensitive substring)
 */
public record RequestFilter(
        Instant from,
        Instant to,
        String trainId,
        String accountId,
        String model,
        Integer status,
        String requestType,
        String text) {

    public static final RequestFilter NONE = new RequestFilter(null, null, null, null, null, null, null, null);
}

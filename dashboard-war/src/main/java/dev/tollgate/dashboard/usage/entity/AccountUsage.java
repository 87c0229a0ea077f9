package dev.tollgate.dashboard.usage.entity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One account's usage in the last 5 hours and the last 7 days, and its latest rate-limit status.
 *
 * @param rateLimitsSeenAt when the headers in {@code rateLimits} came, or null when none were seen
 */
public record AccountUsage(
        String accountId, Window fiveHours, Window sevenDays, Instant rateLimitsSeenAt, List<RateLimit> rateLimits) {

    public record Window(long requests, long inputTokens, long outputTokens, long cacheTokens, BigDecimal costUsd) {}

    /** One {@code anthropic-ratelimit-*} header as the upstream sent it. */
    public record RateLimit(String header, String value) {}
}

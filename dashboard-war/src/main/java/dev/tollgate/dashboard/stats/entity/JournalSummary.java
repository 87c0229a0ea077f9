package dev.tollgate.dashboard.stats.entity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The journal over a window of time.
 *
 * @param errors requests answered with a status of 400 or more (refusals and client aborts included)
 * @param costUsd the priced part of the usage; {@code unpricedRequests} had tokens of a model
 *     without a price
 */
public record JournalSummary(
        Instant since,
        long requests,
        long errors,
        long inputTokens,
        long outputTokens,
        long cacheCreationInputTokens,
        long cacheReadInputTokens,
        BigDecimal costUsd,
        long unpricedRequests,
        Latency latency,
        List<ModelUsage> byModel,
        List<Share> byTrain,
        List<Share> byAccount,
        List<Hour> byHour) {

    /** One model's share of the window. */
    public record ModelUsage(String model, long requests, long totalTokens, BigDecimal costUsd) {}

    /** A train's or an account's share of the window. */
    public record Share(String name, long requests, long errors, long totalTokens, BigDecimal costUsd) {}

    /** One hour of the window (UTC). */
    public record Hour(java.time.Instant hour, long requests, long errors, long totalTokens, BigDecimal costUsd) {}

    /**
     * Milliseconds from arrival to the end of the answer, and to the first content of a stream.
     * Null when the window has no such request.
     */
    public record Latency(Long durationP50, Long durationP99, Long firstTokenP50, Long firstTokenP99) {}
}

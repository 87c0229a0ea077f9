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
        List<ModelUsage> byModel) {

    /** One model's share of the window. */
    public record ModelUsage(String model, long requests, long totalTokens, BigDecimal costUsd) {}
}

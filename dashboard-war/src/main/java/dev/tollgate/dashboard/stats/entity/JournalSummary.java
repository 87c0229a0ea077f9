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
        long bucketSeconds,
        List<Bucket> timeline) {

    /** One model's share of the window. */
    public record ModelUsage(String model, long requests, long totalTokens, BigDecimal costUsd) {}

    /** A train's or an account's share of the window. */
    public record Share(String name, long requests, long errors, long totalTokens, BigDecimal costUsd) {}

    /**
     * One bucket of the window ({@code bucketSeconds} wide, aligned on the epoch, UTC); buckets
     * without requests are present with zeros, so a chart shows the quiet as quiet.
     */
    public record Bucket(
            Instant start, long requests, long errors, long totalTokens, BigDecimal costUsd, Latency latency) {

        public static Bucket empty(Instant start) {
            return new Bucket(start, 0, 0, 0, BigDecimal.ZERO, Latency.NONE);
        }
    }

    /**
     * Milliseconds from arrival to the end of the answer, and to the first content of a stream.
     * Null when the window has no such request.
     */
    public record Latency(Long durationP50, Long durationP99, Long firstTokenP50, Long firstTokenP99) {

        public static final Latency NONE = new Latency(null, null, null, null);
    }
}

package dev.tollgate.messages.entity;

/** Token usage of one response, as the upstream reported it (streams: the cumulative final counts). */
public record Usage(long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens) {

    public static final Usage NONE = new Usage(0, 0, 0, 0);

    /** Input, cache writes, cache reads and output together: what the seeds call total tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens + cacheCreationInputTokens + cacheReadInputTokens;
    }
}

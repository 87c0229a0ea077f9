package dev.tollgate.usage.entity;

/**
 * How the cache writes of one response split between the two lifetimes, which are priced
 * differently (a 1 h write costs 2x the input price, a 5 min write 1.25x).
 */
public record CacheWrites(long fiveMinuteTokens, long oneHourTokens) {

    public static final CacheWrites NONE = new CacheWrites(0, 0);

    public CacheWrites {
        if (fiveMinuteTokens < 0 || oneHourTokens < 0) {
            throw new IllegalArgumentException(
                    "negative cache write tokens: " + fiveMinuteTokens + ", " + oneHourTokens);
        }
    }

    /** All of them 5 min writes: what a usage without a {@code cache_creation} split means (the API's default TTL). */
    public static CacheWrites allFiveMinute(long cacheCreationInputTokens) {
        return new CacheWrites(Math.max(0, cacheCreationInputTokens), 0);
    }

    public long total() {
        return fiveMinuteTokens + oneHourTokens;
    }
}

package dev.tollgate.usage.control;

import dev.tollgate.messages.control.JsonDocuments;
import dev.tollgate.messages.entity.Usage;
import dev.tollgate.usage.entity.CacheWrites;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

/**
 * Reads the 5 min / 1 h split of the cache writes from a response's {@code usage} JSON
 * ({@code ResponseFacts.usageJson}), which the {@link Usage} record does not carry.
 *
 * <p>{@code cache_creation_input_tokens} stays the total that is billed: without a {@code
 * cache_creation} object all of it is a 5 min write (the API's default lifetime), and tokens the
 * split does not account for are counted as 5 min writes too, so the two never add up to less.
 */
public final class CacheWritesReader {

    private CacheWritesReader() {}

    public static CacheWrites read(Usage usage, String usageJson) {
        long total = usage == null ? 0 : usage.cacheCreationInputTokens();
        JsonObject json = mayHoldASplit(usageJson) ? JsonDocuments.parseObjectOrNull(usageJson) : null;
        if (json == null || !(json.get("cache_creation") instanceof JsonObject split)) {
            return CacheWrites.allFiveMinute(total);
        }
        long fiveMinutes = count(split, "ephemeral_5m_input_tokens");
        long oneHour = count(split, "ephemeral_1h_input_tokens");
        return new CacheWrites(Math.max(fiveMinutes, total - oneHour), oneHour);
    }

    /**
     * Whether parsing can find a split: most answers have none, and parsing the usage a second time
     * was half of pricing a row (profile, 2026-12-08). Without an escape, the key can only be there
     * spelled out; with one, the text is parsed to be sure.
     */
    private static boolean mayHoldASplit(String usageJson) {
        return usageJson != null && (usageJson.contains("\"cache_creation\"") || usageJson.indexOf('\\') >= 0);
    }

    private static long count(JsonObject json, String key) {
        return json.get(key) instanceof JsonNumber n ? Math.max(0, n.longValue()) : 0;
    }
}

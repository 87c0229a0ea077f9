package dev.tollgate.quotas.entity;

/** What a limit counts: client requests, or tokens (input, output and cache, as {@code api_requests.total_tokens}). */
public enum Measure {
    REQUESTS("requests"),
    TOKENS("tokens");

    private final String key;

    Measure(String key) {
        this.key = key;
    }

    /** The name in the quota file, the journal's wording and {@link QuotaExhausted#measure()}. */
    public String key() {
        return key;
    }

    public static Measure of(String key) {
        for (Measure measure : values()) {
            if (measure.key.equals(key)) {
                return measure;
            }
        }
        throw new IllegalArgumentException("unknown measure \"" + key + "\" (requests or tokens)");
    }
}

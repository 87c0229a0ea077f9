package dev.tollgate.monitoring.control;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the values of one metric label to a bounded set: the first {@code limit} distinct values
 * are kept as they are, every later one becomes {@value #OTHER}. Train ids and model names come
 * from clients; without a bound, one client looping over random train ids would create a time
 * series per request and take the metrics endpoint (and Prometheus) down.
 */
public final class LabelLimiter {

    public static final String OTHER = "other";

    /** What a missing value (no account tried, no model named) is shown as. */
    public static final String NONE = "none";

    private static final int MAX_VALUE_LENGTH = 64;

    private final int limit;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    public LabelLimiter(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("label limit must not be negative: " + limit);
        }
        this.limit = limit;
    }

    /** The label value to use for {@code value}. */
    public String label(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String candidate = value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value;
        if (admitted.contains(candidate)) {
            return candidate;
        }
        synchronized (admitted) {
            if (admitted.size() < limit) {
                admitted.add(candidate);
                return candidate;
            }
        }
        return admitted.contains(candidate) ? candidate : OTHER;
    }

    public int distinctValues() {
        return admitted.size();
    }
}

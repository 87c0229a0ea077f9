package dev.tollgate.quotas.entity;

/** At most {@code max} of a measure within a window, e.g. 100 requests per minute. */
public record Limit(Measure measure, Window window, long max) {

    public Limit {
        if (measure == null || window == null) {
            throw new IllegalArgumentException("a limit needs a measure and a window");
        }
        if (max < 1) {
            throw new IllegalArgumentException("a limit must be a whole number of at least 1, not " + max);
        }
    }

    /** For messages to clients and logs: {@code 100 requests per minute}. */
    public String describe() {
        return max + " " + measure.key() + " per " + (window == Window.FIVE_HOURS ? "5 hours" : window.key());
    }
}

package dev.tollgate.quotas.entity;

import java.time.Duration;

/** The length of time a limit applies to; windows slide (the last minute, hour or five hours). */
public enum Window {
    MINUTE("minute", Duration.ofMinutes(1)),
    HOUR("hour", Duration.ofHours(1)),
    FIVE_HOURS("5h", Duration.ofHours(5));

    private final String key;
    private final Duration length;

    Window(String key, Duration length) {
        this.key = key;
        this.length = length;
    }

    /** The name in the quota file and {@link QuotaExhausted#window()}. */
    public String key() {
        return key;
    }

    public Duration length() {
        return length;
    }

    /** The longest window: how much history the counters keep and the journal seeds. */
    public static Duration longest() {
        return FIVE_HOURS.length;
    }

    public static Window of(String key) {
        for (Window window : values()) {
            if (window.key.equals(key)) {
                return window;
            }
        }
        throw new IllegalArgumentException("unknown window \"" + key + "\" (minute, hour or 5h)");
    }
}

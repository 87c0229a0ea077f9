package dev.tollgate.alerts.control;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one message per key (alert kind and subject) per interval, so that a storm of thousands
 * of occurrences sends one message. What it holds back is counted, and handed to the next message
 * of the same key ("... and 4,312 more since 01:02 UTC").
 *
 * <p>Thread-safe, in memory, no I/O: called from the journal writer and request threads.
 */
public final class AlertRateLimiter {

    /** Keys tracked at most: subjects such as domains come from clients, so the map must not grow without end. */
    static final int MAX_KEYS = 10_000;

    private final long minIntervalMillis;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * What the message that may go now is to say about the occurrences held back before it.
     *
     * @param suppressed occurrences held back since the last message of the key
     * @param since when the first of them happened, or null when there were none
     */
    public record Pass(long suppressed, Instant since) {}

    private record Window(long sentAtMillis, long suppressed, long firstSuppressedAtMillis) {}

    public AlertRateLimiter(long minIntervalMillis) {
        if (minIntervalMillis < 0) {
            throw new IllegalArgumentException("the interval between two alerts cannot be negative");
        }
        this.minIntervalMillis = minIntervalMillis;
    }

    /**
     * Counts one occurrence.
     *
     * @return what the message may say, if a message may go now; empty if it is held back
     */
    public Optional<Pass> admit(String key, long nowMillis) {
        if (windows.size() >= MAX_KEYS && !windows.containsKey(key)) {
            // windows that would let the next message through anyway hold only a count to report
            windows.values().removeIf(window -> nowMillis - window.sentAtMillis() >= minIntervalMillis);
        }
        Pass[] pass = {null};
        windows.compute(key, (k, window) -> {
            if (window == null) {
                pass[0] = new Pass(0, null);
                return new Window(nowMillis, 0, 0);
            }
            if (nowMillis - window.sentAtMillis() >= minIntervalMillis) {
                pass[0] = new Pass(
                        window.suppressed(),
                        window.suppressed() == 0 ? null : Instant.ofEpochMilli(window.firstSuppressedAtMillis()));
                return new Window(nowMillis, 0, 0);
            }
            return new Window(
                    window.sentAtMillis(),
                    window.suppressed() + 1,
                    window.suppressed() == 0 ? nowMillis : window.firstSuppressedAtMillis());
        });
        return Optional.ofNullable(pass[0]);
    }
}

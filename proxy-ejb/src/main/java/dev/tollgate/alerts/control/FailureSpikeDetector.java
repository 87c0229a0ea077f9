package dev.tollgate.alerts.control;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells when there have been more than {@code threshold} failures of one subject (a domain, a
 * train, everything) within a sliding window. Keeps only the times of the last {@code threshold + 1}
 * failures per subject: enough to decide, whatever the rate.
 *
 * <p>In memory and quick: called on the journal writer thread for every failed authentication.
 */
public final class FailureSpikeDetector {

    /** Subjects tracked at most; beyond, new ones are counted together (hostile clients choose host names). */
    static final int MAX_SUBJECTS = 10_000;

    static final String OTHER_SUBJECTS = "(other)";

    private final int threshold;
    private final long windowMillis;
    private final Map<String, ArrayDeque<Long>> recent = new HashMap<>();

    public FailureSpikeDetector(int threshold, long windowMillis) {
        if (threshold < 0 || windowMillis <= 0) {
            throw new IllegalArgumentException("the threshold cannot be negative and the window must be positive");
        }
        this.threshold = threshold;
        this.windowMillis = windowMillis;
    }

    /**
     * Counts one failure.
     *
     * @return true if, with it, there were more than {@code threshold} failures of the subject
     *     within the window (true for every further failure while that lasts)
     */
    public synchronized boolean failed(String subject, long nowMillis) {
        String key = subject;
        if (!recent.containsKey(key) && recent.size() >= MAX_SUBJECTS) {
            recent.values().removeIf(times -> nowMillis - times.peekLast() >= windowMillis);
            if (recent.size() >= MAX_SUBJECTS) {
                key = OTHER_SUBJECTS;
            }
        }
        ArrayDeque<Long> times = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        times.addLast(nowMillis);
        while (nowMillis - times.peekFirst() >= windowMillis || times.size() > threshold + 1) {
            times.removeFirst();
        }
        return times.size() > threshold;
    }
}

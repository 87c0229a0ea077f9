package dev.tollgate.quotas.control;

import dev.tollgate.quotas.entity.Measure;
import dev.tollgate.quotas.entity.Window;

/**
 * The requests and tokens of one train or one client key over the last five hours, in buckets of a
 * few seconds (a ring indexed by bucket number). A window at time t is the bucket t falls in and the
 * buckets before it that make up the window's length, so a window slides one bucket at a time and
 * what it holds is exact at that granularity: a count leaves the window when its bucket does.
 *
 * <p>Not thread-safe: {@link QuotaLedger} holds the counter's monitor around every use, for a few
 * hundred nanoseconds of arithmetic (no I/O, nothing that can wait on anything else).
 */
public final class SlidingCounter {

    private final long bucketMillis;
    private final int size;
    /** Which bucket each slot holds; a slot holding an older bucket counts as empty. */
    private final long[] buckets;

    private final long[] requests;
    private final long[] tokens;
    /** The newest bucket counted in; far enough in the past to start with that nothing is idle-checked wrongly. */
    private long lastTouchedBucket = Long.MIN_VALUE / 2;

    public SlidingCounter(long bucketMillis) {
        if (bucketMillis < 1000 || Window.MINUTE.length().toMillis() % bucketMillis != 0) {
            throw new IllegalArgumentException("a bucket must be a whole number of seconds that divides a minute");
        }
        this.bucketMillis = bucketMillis;
        this.size = (int) (Window.longest().toMillis() / bucketMillis);
        this.buckets = new long[size];
        java.util.Arrays.fill(buckets, Long.MIN_VALUE);
        this.requests = new long[size];
        this.tokens = new long[size];
    }

    public long bucketOf(long epochMillis) {
        return Math.floorDiv(epochMillis, bucketMillis);
    }

    /**
     * Adds to a bucket; negative amounts take back. A bucket already outside the longest window
     * (seen from the newest bucket touched) is ignored: it could not count any more.
     */
    public void add(long bucket, long requestCount, long tokenCount) {
        if (bucket <= lastTouchedBucket - size) {
            return;
        }
        int slot = (int) Math.floorMod(bucket, (long) size);
        if (buckets[slot] != bucket) {
            if (buckets[slot] > bucket) {
                return; // the slot already holds a newer bucket: this one has left every window
            }
            buckets[slot] = bucket;
            requests[slot] = 0;
            tokens[slot] = 0;
        }
        requests[slot] += requestCount;
        tokens[slot] += tokenCount;
        lastTouchedBucket = Math.max(lastTouchedBucket, bucket);
    }

    /** The amount of a measure in the window that ends in the bucket of {@code nowMillis}. */
    public long total(Measure measure, Window window, long nowMillis) {
        long now = bucketOf(nowMillis);
        long first = now - windowBuckets(window) + 1;
        long total = 0;
        for (long bucket = first; bucket <= now; bucket++) {
            total += valueOf(measure, bucket);
        }
        return total;
    }

    /**
     * Whole seconds from {@code nowMillis} until the window holds less than {@code limit} of the
     * measure, counting only what ages out (at least 1): the time the client should wait.
     */
    public long secondsUntilBelow(Measure measure, Window window, long limit, long nowMillis) {
        long now = bucketOf(nowMillis);
        int length = windowBuckets(window);
        long remaining = total(measure, window, nowMillis);
        long bucket = now - length + 1;
        for (; bucket < now && remaining >= limit; bucket++) {
            remaining -= valueOf(measure, bucket);
        }
        if (remaining >= limit) {
            bucket = now + 1; // only the current bucket's leaving the window is enough
        }
        // the bucket just subtracted (bucket - 1) leaves the window when the window starts after it
        long freedAtMillis = (bucket - 1 + length) * bucketMillis;
        return Math.max(1, -Math.floorDiv(nowMillis - freedAtMillis, 1000L));
    }

    /** True when nothing has been counted within the longest window: the counter can be forgotten. */
    public boolean idleAt(long nowMillis) {
        return lastTouchedBucket <= bucketOf(nowMillis) - size;
    }

    private long valueOf(Measure measure, long bucket) {
        int slot = (int) Math.floorMod(bucket, (long) size);
        return buckets[slot] == bucket ? value(measure, slot) : 0;
    }

    private long value(Measure measure, int slot) {
        return measure == Measure.REQUESTS ? requests[slot] : tokens[slot];
    }

    private int windowBuckets(Window window) {
        return (int) (window.length().toMillis() / bucketMillis);
    }
}

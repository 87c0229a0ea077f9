package dev.tollgate.quotas.control;

import dev.tollgate.quotas.entity.Measure;
import dev.tollgate.quotas.entity.Window;
import java.util.Arrays;

/**
 * The requests and tokens of one train or one client key over the last five hours, in buckets of a
 * few seconds. A window at time t is the bucket t falls in and the buckets before it that make up
 * the window's length, so a window slides one bucket at a time and what it holds is exact at that
 * granularity: a count leaves the window when its bucket does.
 *
 * <p>Only buckets with something in them are kept, in order (parallel arrays that grow as needed):
 * a train or key used once costs a few dozen bytes, not the 1,800 buckets of five hours, so clients
 * that make up train ids cannot run the heap out. Counts nearly always go to the newest bucket
 * (an append); the rare older one (a refusal taken back, tokens of a request that finished a bucket
 * ago) is found by binary search.
 *
 * <p>Not thread-safe: {@link QuotaLedger} holds the counter's monitor around every use, for some
 * arithmetic on arrays (no I/O, nothing that can wait on anything else).
 */
public final class SlidingCounter {

    private final long bucketMillis;
    /** Buckets in the longest window: older ones are dropped. */
    private final int span;

    private long[] buckets = new long[4];
    private long[] requests = new long[4];
    private long[] tokens = new long[4];
    /** The kept buckets are at [from, to), in ascending order. */
    private int from;

    private int to;
    /** The newest bucket counted in; far in the past to start with. */
    private long newest = Long.MIN_VALUE / 2;

    public SlidingCounter(long bucketMillis) {
        if (bucketMillis < 1000 || Window.MINUTE.length().toMillis() % bucketMillis != 0) {
            throw new IllegalArgumentException("a bucket must be a whole number of seconds that divides a minute");
        }
        this.bucketMillis = bucketMillis;
        this.span = (int) (Window.longest().toMillis() / bucketMillis);
    }

    public long bucketOf(long epochMillis) {
        return Math.floorDiv(epochMillis, bucketMillis);
    }

    /**
     * Adds to a bucket; negative amounts take back. A bucket already outside the longest window
     * (seen from the newest bucket counted) is ignored: it could not count any more.
     */
    public void add(long bucket, long requestCount, long tokenCount) {
        if (bucket <= newest - span) {
            return;
        }
        newest = Math.max(newest, bucket);
        while (from < to && buckets[from] <= newest - span) {
            from++; // left the longest window
        }
        int at;
        if (from == to || buckets[to - 1] < bucket) {
            at = insertAt(to);
            buckets[at] = bucket;
        } else if (buckets[to - 1] == bucket) {
            at = to - 1;
        } else {
            int found = Arrays.binarySearch(buckets, from, to, bucket);
            if (found >= 0) {
                at = found;
            } else {
                at = insertAt(-found - 1);
                buckets[at] = bucket;
            }
        }
        requests[at] += requestCount;
        tokens[at] += tokenCount;
    }

    /** The amount of a measure in the window that ends in the bucket of {@code nowMillis}. */
    public long total(Measure measure, Window window, long nowMillis) {
        long now = bucketOf(nowMillis);
        long first = now - windowBuckets(window) + 1;
        long total = 0;
        for (int i = to - 1; i >= from && buckets[i] >= first; i--) {
            if (buckets[i] <= now) {
                total += value(measure, i);
            }
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
        long first = now - length + 1;
        long remaining = total(measure, window, nowMillis);
        // the bucket whose leaving brings the window below the limit; it leaves when the window
        // starts after it, at (bucket + length) buckets
        long freeingBucket = remaining < limit ? first - 1 : now;
        for (int i = from; i < to && remaining >= limit && buckets[i] <= now; i++) {
            if (buckets[i] >= first) {
                remaining -= value(measure, i);
                freeingBucket = buckets[i];
            }
        }
        long freedAtMillis = (freeingBucket + length) * bucketMillis;
        return Math.max(1, -Math.floorDiv(nowMillis - freedAtMillis, 1000L));
    }

    /** True when nothing has been counted within the longest window: the counter can be forgotten. */
    public boolean idleAt(long nowMillis) {
        return newest <= bucketOf(nowMillis) - span;
    }

    /** Makes room at {@code position} (within [from, to]) and returns the index of the free, zeroed slot. */
    private int insertAt(int position) {
        if (to == buckets.length) {
            int kept = to - from;
            int capacity = kept + 1 > buckets.length / 2 ? buckets.length * 2 : buckets.length;
            buckets = compacted(buckets, capacity);
            requests = compacted(requests, capacity);
            tokens = compacted(tokens, capacity);
            position -= from;
            from = 0;
            to = kept;
        }
        System.arraycopy(buckets, position, buckets, position + 1, to - position);
        System.arraycopy(requests, position, requests, position + 1, to - position);
        System.arraycopy(tokens, position, tokens, position + 1, to - position);
        to++;
        requests[position] = 0;
        tokens[position] = 0;
        return position;
    }

    private long[] compacted(long[] values, int capacity) {
        long[] compacted = new long[capacity];
        System.arraycopy(values, from, compacted, 0, to - from);
        return compacted;
    }

    private long value(Measure measure, int index) {
        return measure == Measure.REQUESTS ? requests[index] : tokens[index];
    }

    private int windowBuckets(Window window) {
        return (int) (window.length().toMillis() / bucketMillis);
    }
}

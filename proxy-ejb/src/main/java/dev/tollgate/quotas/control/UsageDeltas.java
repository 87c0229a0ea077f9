package dev.tollgate.quotas.control;

import dev.tollgate.quotas.entity.UsageBucket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this instance counted since it last told its peers: requests and tokens per train, client
 * key and bucket, summed, so that a burst of a thousand requests of one train is one entry. The
 * request path adds under a short monitor (a map lookup and two additions); the sharing task
 * drains it a few times a second.
 */
public final class UsageDeltas {

    private record Subject(String trainId, String keyHash, long bucket) {}

    private Map<Subject, long[]> pending = new HashMap<>();

    public synchronized void add(String trainId, String keyHash, long bucket, long requests, long tokens) {
        long[] counts = pending.computeIfAbsent(new Subject(trainId, keyHash, bucket), ignored -> new long[2]);
        counts[0] += requests;
        counts[1] += tokens;
    }

    /** Everything added since the last drain (entries that summed to nothing left out), and starts afresh. */
    public List<UsageBucket> drain() {
        Map<Subject, long[]> drained;
        synchronized (this) {
            if (pending.isEmpty()) {
                return List.of();
            }
            drained = pending;
            pending = new HashMap<>();
        }
        List<UsageBucket> usage = new ArrayList<>(drained.size());
        drained.forEach((subject, counts) -> {
            if (counts[0] != 0 || counts[1] != 0) {
                usage.add(
                        new UsageBucket(subject.trainId(), subject.keyHash(), subject.bucket(), counts[0], counts[1]));
            }
        });
        return usage;
    }
}

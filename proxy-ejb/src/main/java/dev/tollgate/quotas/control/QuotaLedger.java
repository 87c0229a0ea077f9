package dev.tollgate.quotas.control;

import dev.tollgate.journal.entity.CompletedRequest;
import dev.tollgate.quotas.entity.Limit;
import dev.tollgate.quotas.entity.Limits;
import dev.tollgate.quotas.entity.Measure;
import dev.tollgate.quotas.entity.QuotaExceededException;
import dev.tollgate.quotas.entity.QuotaExhausted;
import dev.tollgate.quotas.entity.QuotaPolicy;
import dev.tollgate.quotas.entity.Window;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every train and client key has used, and the decision whether a request may go on.
 *
 * <p>The counting rule, the same here and in the journal seed ({@code QuotaSeedQuery}):
 *
 * <ul>
 *   <li>a request counts once, in the bucket of its arrival, unless Tollgate itself refused it before
 *       trying an account (its authentication, a quota, bad input, no account: in the journal
 *       {@code account_id IS NULL AND response_status >= 400}); failover attempts
 *       ({@code final_request_id IS NOT NULL}) are not requests of their own. It is counted when
 *       admitted, so that the next request already sees it, and taken back if Tollgate then refuses it;
 *   <li>tokens ({@code total_tokens}: input, output and cache) count in the bucket in which the
 *       request finished (arrival plus duration), every journaled attempt included.
 * </ul>
 *
 * <p>Counters exist for every train and key seen, limited or not, so that a limit added later
 * applies to what was used already. Thread-safe: a request takes the monitor of its train's counter,
 * then of its key's (always in that order), for the check and the count together, so that
 * concurrent requests cannot both take the last place under a limit.
 */
public final class QuotaLedger {

    static final String TRAIN = "train";
    static final String CLIENT_KEY = "client_key";

    private final long bucketMillis;
    private final Map<String, SlidingCounter> trains = new ConcurrentHashMap<>();
    private final Map<String, SlidingCounter> keys = new ConcurrentHashMap<>();
    /** Requests counted but not yet announced by the journal: where to take the count back from. */
    private final Map<String, Admission> admitted = new ConcurrentHashMap<>();

    private volatile QuotaPolicy policy = QuotaPolicy.NONE;
    /** Where this instance's own counts go for its peers on a data grid; null when alone. */
    private volatile UsageDeltas shared;

    private record Admission(
            String trainId,
            String keyHash,
            SlidingCounter train,
            SlidingCounter key,
            long bucket,
            long admittedAtMillis) {}

    public QuotaLedger(long bucketMillis) {
        new SlidingCounter(bucketMillis); // validates the bucket length once, here
        this.bucketMillis = bucketMillis;
    }

    public void apply(QuotaPolicy policy) {
        this.policy = policy;
    }

    public QuotaPolicy policy() {
        return policy;
    }

    /** From now on, also adds every count this ledger makes to {@code deltas}, for the peers. */
    public void shareWith(UsageDeltas deltas) {
        this.shared = deltas;
    }

    /**
     * Counts the request, or refuses it when its train or client key has reached a limit in force.
     *
     * @param keyHash the salted hash of the client key, or null when the request carries none
     * @param receivedAtMillis when the request arrived: the bucket it is counted in
     * @throws QuotaExceededException with the limit whose window frees up last
     */
    public void admit(String trainId, String keyHash, String requestId, long receivedAtMillis, long nowMillis) {
        QuotaPolicy limits = policy;
        while (true) {
            SlidingCounter train = counter(trains, trainId);
            SlidingCounter key = keyHash == null ? null : counter(keys, keyHash);
            synchronized (train) {
                synchronized (key == null ? train : key) {
                    if (trains.get(trainId) != train || (key != null && keys.get(keyHash) != key)) {
                        continue; // forgotten as idle meanwhile: count in the counter that stays
                    }
                    QuotaExceededException refusal = worst(
                            refusal(limits.forTrain(trainId), train, TRAIN, trainId, nowMillis),
                            key == null
                                    ? null
                                    : refusal(limits.forClientKey(keyHash), key, CLIENT_KEY, keyHash, nowMillis));
                    if (refusal != null) {
                        throw refusal;
                    }
                    long bucket = train.bucketOf(receivedAtMillis);
                    train.add(bucket, 1, 0);
                    if (key != null) {
                        key.add(bucket, 1, 0);
                    }
                    admitted.put(requestId, new Admission(trainId, keyHash, train, key, bucket, nowMillis));
                    share(trainId, keyHash, bucket, 1, 0);
                    return;
                }
            }
        }
    }

    /** What the journal learnt about a request: its tokens, and whether Tollgate refused it after all. */
    public void completed(CompletedRequest request) {
        if (!request.gaveUp()) {
            Admission admission = admitted.remove(request.requestId());
            if (admission != null && request.refusedByTollgate()) {
                add(admission.train(), admission.bucket(), -1, 0);
                add(admission.key(), admission.bucket(), -1, 0);
                share(admission.trainId(), admission.keyHash(), admission.bucket(), -1, 0);
            }
        }
        long tokens = request.totalTokens();
        if (tokens > 0) {
            long finishedAt = request.receivedAt().toInstant().toEpochMilli() + request.durationMs();
            long bucket = Math.floorDiv(finishedAt, bucketMillis);
            add(counter(trains, request.trainId()), bucket, 0, tokens);
            if (request.apiKeyHash() != null) {
                add(counter(keys, request.apiKeyHash()), bucket, 0, tokens);
            }
            share(request.trainId(), request.apiKeyHash(), bucket, 0, tokens);
        }
    }

    /**
     * Adds counts made elsewhere for one train and key in one bucket: what the journal holds at
     * start-up, what a peer instance counted when clustered. Not shared again.
     */
    public void seed(String trainId, String keyHash, long bucket, long requests, long tokens) {
        add(counter(trains, trainId), bucket, requests, tokens);
        if (keyHash != null) {
            add(counter(keys, keyHash), bucket, requests, tokens);
        }
    }

    /** What a train has used in a window, for tests and diagnostics. */
    public long trainTotal(String trainId, Measure measure, Window window, long nowMillis) {
        return total(trains.get(trainId), measure, window, nowMillis);
    }

    /** What a client key has used in a window, for tests and diagnostics. */
    public long keyTotal(String keyHash, Measure measure, Window window, long nowMillis) {
        return total(keys.get(keyHash), measure, window, nowMillis);
    }

    /**
     * Forgets counters with nothing in the longest window, and admissions the journal never announced
     * (a request lost to a crash of its thread) once they cannot count any more.
     */
    public void forgetIdle(long nowMillis) {
        forgetIdle(trains, nowMillis);
        forgetIdle(keys, nowMillis);
        long horizon = nowMillis - Window.longest().toMillis();
        admitted.values().removeIf(admission -> admission.admittedAtMillis() < horizon);
    }

    public long bucketMillis() {
        return bucketMillis;
    }

    private void share(String trainId, String keyHash, long bucket, long requests, long tokens) {
        UsageDeltas deltas = shared;
        if (deltas != null) {
            deltas.add(trainId, keyHash, bucket, requests, tokens);
        }
    }

    int countersKept() {
        return trains.size() + keys.size();
    }

    int admissionsPending() {
        return admitted.size();
    }

    private static void forgetIdle(Map<String, SlidingCounter> counters, long nowMillis) {
        counters.forEach((subject, counter) -> {
            synchronized (counter) {
                if (counter.idleAt(nowMillis)) {
                    counters.remove(subject, counter);
                }
            }
        });
    }

    private SlidingCounter counter(Map<String, SlidingCounter> counters, String subject) {
        return counters.computeIfAbsent(subject, ignored -> new SlidingCounter(bucketMillis));
    }

    private static long total(SlidingCounter counter, Measure measure, Window window, long nowMillis) {
        if (counter == null) {
            return 0;
        }
        synchronized (counter) {
            return counter.total(measure, window, nowMillis);
        }
    }

    private static void add(SlidingCounter counter, long bucket, long requests, long tokens) {
        if (counter != null) {
            synchronized (counter) {
                counter.add(bucket, requests, tokens);
            }
        }
    }

    /** The limit of these that is reached and frees up last, as a refusal; null when none is reached. */
    private static QuotaExceededException refusal(
            Limits limits, SlidingCounter counter, String scope, String subject, long nowMillis) {
        QuotaExceededException worst = null;
        for (Limit limit : limits.limits()) {
            if (counter.total(limit.measure(), limit.window(), nowMillis) < limit.max()) {
                continue;
            }
            long retryAfter = counter.secondsUntilBelow(limit.measure(), limit.window(), limit.max(), nowMillis);
            QuotaExhausted exhausted = new QuotaExhausted(
                    scope, subject, limit.measure().key(), limit.window().key(), limit.max(), retryAfter);
            worst = worst(
                    worst, new QuotaExceededException(exhausted, message(limits, limit, scope, subject, retryAfter)));
        }
        return worst;
    }

    private static QuotaExceededException worst(QuotaExceededException a, QuotaExceededException b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.retryAfterSeconds() > a.retryAfterSeconds() ? b : a;
    }

    /** For the client and the journal: which limit, and when to come back; never the key or its hash. */
    private static String message(Limits limits, Limit limit, String scope, String subject, long retryAfter) {
        String who = scope.equals(TRAIN)
                ? "train " + subject
                : "this client key" + (limits.name() == null ? "" : " (" + limits.name() + ")");
        String reached = limit.measure() == Measure.REQUESTS
                ? who + " may send " + limit.describe()
                : who + " has used its " + limit.describe();
        return QuotaExceededException.PREFIX + ": " + reached + "; retry in " + retryAfter + " s.";
    }
}

package dev.tollgate.quotas.entity;

import java.util.Map;

/**
 * The limits in force: per train id and per client key (by the salted key hash the journal stores
 * in {@code api_key_hash}), each with a default for every train or key that has no entry of its
 * own. An entry of its own replaces the default entirely.
 */
public record QuotaPolicy(
        Map<String, Limits> trains, Limits everyTrain, Map<String, Limits> clientKeys, Limits everyKey) {

    /** No file: no quotas. */
    public static final QuotaPolicy NONE = new QuotaPolicy(Map.of(), Limits.NONE, Map.of(), Limits.NONE);

    public QuotaPolicy {
        trains = Map.copyOf(trains);
        clientKeys = Map.copyOf(clientKeys);
    }

    public Limits forTrain(String trainId) {
        return trains.getOrDefault(trainId, everyTrain);
    }

    /** @param keyHash the salted key hash, or null for a request without a key (no key limits) */
    public Limits forClientKey(String keyHash) {
        return keyHash == null ? Limits.NONE : clientKeys.getOrDefault(keyHash, everyKey);
    }

    public boolean isEmpty() {
        return everyTrain.isEmpty()
                && everyKey.isEmpty()
                && trains.values().stream().allMatch(Limits::isEmpty)
                && clientKeys.values().stream().allMatch(Limits::isEmpty);
    }

    /** For the log line of a (re)load. */
    public String summary() {
        return trains.size() + " train(s) with limits of their own"
                + (everyTrain.isEmpty() ? "" : " and a default for every train")
                + ", " + clientKeys.size() + " client key(s) with limits of their own"
                + (everyKey.isEmpty() ? "" : " and a default for every client key");
    }
}

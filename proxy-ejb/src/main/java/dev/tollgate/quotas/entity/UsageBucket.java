package dev.tollgate.quotas.entity;

/**
 * What the journal holds for one train and client key in one bucket, to seed the counters.
 *
 * @param keyHash the salted key hash, or null for requests without a key
 * @param bucket the bucket number (milliseconds since the epoch divided by the bucket length)
 */
public record UsageBucket(String trainId, String keyHash, long bucket, long requests, long tokens) {}

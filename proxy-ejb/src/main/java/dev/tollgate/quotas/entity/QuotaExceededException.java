package dev.tollgate.quotas.entity;

/**
 * A request refused because a train or client key is over a limit. The message is for the client
 * and the journal: it starts with {@code quota exceeded}, so refusals can be found with SQL, and
 * never holds a key.
 */
public class QuotaExceededException extends RuntimeException {

    /** What every message starts with, as the journal's {@code error} column stores it. */
    public static final String PREFIX = "quota exceeded";

    private final transient QuotaExhausted exhausted;

    public QuotaExceededException(QuotaExhausted exhausted, String message) {
        super(message);
        this.exhausted = exhausted;
    }

    public QuotaExhausted exhausted() {
        return exhausted;
    }

    /** Whole seconds until the window lets the next request through, at least 1. */
    public long retryAfterSeconds() {
        return exhausted.retryAfterSeconds();
    }
}

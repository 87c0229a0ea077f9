package dev.tollgate.quotas.entity;

import jakarta.ejb.ApplicationException;

/**
 * A request refused because a train or client key is over a limit. The message is for the client
 * and the journal: it starts with {@code quota exceeded}, so refusals can be found with SQL, and
 * never holds a key.
 *
 * <p>An application exception, so that it reaches the relay as itself through the {@code Quotas}
 * singleton (the container would wrap any other runtime exception in an {@code EJBException}).
 */
@ApplicationException
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

package dev.tollgate.oauth.entity;

import jakarta.ejb.ApplicationException;

/**
 * An OAuth account cannot serve a request now; the message says why and, where it helps, what to run.
 * An application exception, so that it reaches the relay as itself rather than wrapped by the container.
 */
@ApplicationException
public class AccountUnavailableException extends RuntimeException {

    public AccountUnavailableException(String message) {
        super(message);
    }
}

package dev.tollgate.oauth.entity;

/** An OAuth account cannot serve a request now; the message says why and, where it helps, what to run. */
public class AccountUnavailableException extends RuntimeException {

    public AccountUnavailableException(String message) {
        super(message);
    }
}

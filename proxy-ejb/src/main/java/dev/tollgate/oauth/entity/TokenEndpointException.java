package dev.tollgate.oauth.entity;

/** The token endpoint failed this time (unreachable, 5xx, 429, garbage): worth retrying later. */
public class TokenEndpointException extends RuntimeException {

    public TokenEndpointException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.tollgate.oauth.entity;

/**
 * The token endpoint refused the refresh token for good ({@code invalid_grant}: expired, revoked or
 * already used). Only a new login helps; the message says which command.
 */
public class TokenRefusedException extends RuntimeException {

    public TokenRefusedException(String message) {
        super(message);
    }
}

package dev.tollgate.clientauth.entity;

/**
 * The result of checking a client's key.
 *
 * @param scope where the accepted key is valid, or null when refused
 * @param refusal why the key was refused, in words a client may read; null when accepted
 */
public record AuthOutcome(KeyScope scope, String refusal) {

    public static AuthOutcome accepted(KeyScope scope) {
        return new AuthOutcome(scope, null);
    }

    public static AuthOutcome refused(String reason) {
        return new AuthOutcome(null, reason);
    }

    public boolean isAccepted() {
        return refusal == null;
    }
}

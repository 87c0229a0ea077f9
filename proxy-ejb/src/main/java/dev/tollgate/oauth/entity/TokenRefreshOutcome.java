package dev.tollgate.oauth.entity;

/**
 * How one attempt to refresh an OAuth account's token ended: fired as a CDI event by the token
 * service (on its refresh thread) for metrics and alerts. Carries no token.
 *
 * @param accountName the account's name (its credential file's base name)
 * @param credentialFile the credential file the account comes from
 * @param reason why it failed (masked by the token endpoint's error handling), or null
 */
public record TokenRefreshOutcome(String accountName, String credentialFile, Result result, String reason) {

    public enum Result {
        /** New tokens are in use and written to the credential file. */
        REFRESHED,
        /** The token endpoint could not be reached or failed; tried again after a back-off. */
        FAILED,
        /** The refresh token was refused: the account is out of rotation until someone logs in again. */
        RELOGIN_REQUIRED
    }
}

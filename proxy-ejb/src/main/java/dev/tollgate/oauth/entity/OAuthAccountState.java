package dev.tollgate.oauth.entity;

import dev.tollgate.credentials.entity.OAuthTokens;

/**
 * What the engine knows about one OAuth account beyond its file.
 *
 * @param tokens the newest tokens (possibly newer than the file Tollgate last read)
 * @param reloginRequired the refresh token was refused: out of rotation until the file changes
 * @param retryNotBeforeMillis back-off after a failed refresh
 */
public record OAuthAccountState(
        OAuthTokens tokens,
        boolean reloginRequired,
        String lastError,
        long lastRefreshMillis,
        int refreshCount,
        int failureCount,
        long retryNotBeforeMillis) {

    public static OAuthAccountState of(OAuthTokens tokens) {
        return new OAuthAccountState(tokens, false, null, 0, 0, 0, 0);
    }

    public OAuthAccountState refreshed(OAuthTokens newTokens, long now) {
        return new OAuthAccountState(newTokens, false, null, now, refreshCount + 1, 0, 0);
    }

    /** Tokens another instance got from the endpoint: in use at once, this instance's refresh count unchanged. */
    public OAuthAccountState adopted(OAuthTokens newTokens, long now) {
        return new OAuthAccountState(newTokens, false, null, now, refreshCount, 0, 0);
    }

    public OAuthAccountState failed(String error, long retryNotBefore) {
        return new OAuthAccountState(
                tokens, false, error, lastRefreshMillis, refreshCount, failureCount + 1, retryNotBefore);
    }

    public OAuthAccountState refused(String error) {
        return new OAuthAccountState(
                tokens, true, error, lastRefreshMillis, refreshCount, failureCount + 1, Long.MAX_VALUE);
    }
}

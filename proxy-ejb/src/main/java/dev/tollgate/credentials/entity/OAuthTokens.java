package dev.tollgate.credentials.entity;

import java.util.List;

/**
 * The {@code oauth} object of a seed credential file.
 *
 * @param expiresAt milliseconds since the epoch, as the seed files store it
 */
public record OAuthTokens(String accessToken, String refreshToken, long expiresAt, List<String> scopes, boolean isMax) {

    public OAuthTokens {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public boolean expiresWithin(long millis, long nowMillis) {
        return expiresAt - nowMillis <= millis;
    }

    /** Never prints a token. */
    @Override
    public String toString() {
        return "OAuthTokens[expiresAt=" + expiresAt + ", scopes=" + scopes + ", refreshToken="
                + (refreshToken == null ? "absent" : "present") + "]";
    }
}

package dev.tollgate.credentials.entity;

import java.util.List;

/**
 * The tokens of an OAuth account: the {@code oauth} object of a seed credential file, or the
 * {@code claudeAiOauth} object of a Claude CLI credentials file.
 *
 * @param expiresAt milliseconds since the epoch, as both formats store it
 * @param isMax the seed format's {@code isMax}, or true for a Claude CLI file whose
 *     {@code subscriptionType} is {@code max}
 * @param subscriptionType the Claude CLI file's {@code subscriptionType} ({@code pro}, {@code max},
 *     ...), or null when the file does not say (the seed format only has {@code isMax})
 */
public record OAuthTokens(
        String accessToken,
        String refreshToken,
        long expiresAt,
        List<String> scopes,
        boolean isMax,
        String subscriptionType) {

    public OAuthTokens {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        subscriptionType = subscriptionType == null || subscriptionType.isBlank() ? null : subscriptionType;
    }

    /** Tokens of a seed-format file, which says nothing about the subscription but {@code isMax}. */
    public OAuthTokens(String accessToken, String refreshToken, long expiresAt, List<String> scopes, boolean isMax) {
        this(accessToken, refreshToken, expiresAt, scopes, isMax, null);
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

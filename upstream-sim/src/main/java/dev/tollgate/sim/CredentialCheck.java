package dev.tollgate.sim;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Locale;

/**
 * The API's authentication rules as far as a proxy can get them wrong: some credential must arrive
 * ({@code x-api-key} or {@code Authorization: Bearer}), and an OAuth access token only works as a Bearer
 * token together with the {@code oauth-2025-04-20} beta. Any key value is accepted: the simulator checks
 * how credentials are presented, not whether they are real.
 */
final class CredentialCheck {

    static final String OAUTH_TOKEN_PREFIX = "sk-ant-oat";
    static final String OAUTH_BETA = "oauth-2025-04-20";

    private CredentialCheck() {}

    /** @throws ApiFailure with status 401 when the request would not be authenticated upstream */
    static void requireCredentials(Headers headers) {
        String apiKey = nonBlank(headers.getFirst("x-api-key"));
        String bearerToken = bearerToken(headers.getFirst("authorization"));
        if (apiKey == null && bearerToken == null) {
            throw ApiFailure.unauthenticated("x-api-key header is required");
        }
        if (apiKey != null && apiKey.startsWith(OAUTH_TOKEN_PREFIX)) {
            // the API only takes OAuth tokens as Bearer tokens; a proxy that moves one into x-api-key is broken
            throw ApiFailure.unauthenticated("invalid x-api-key");
        }
        if (bearerToken != null && bearerToken.startsWith(OAUTH_TOKEN_PREFIX) && !hasBeta(headers, OAUTH_BETA)) {
            throw ApiFailure.unauthenticated("OAuth authentication is currently not supported.");
        }
    }

    /** Whether a beta is enabled, whether the client sent one comma-separated header or repeated it. */
    static boolean hasBeta(Headers headers, String beta) {
        List<String> lines = headers.get("anthropic-beta");
        if (lines == null) {
            return false;
        }
        for (String line : lines) {
            for (String value : line.split(",")) {
                if (value.trim().equals(beta)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        String trimmed = authorization.trim();
        if (trimmed.length() < 7
                || !trimmed.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        return nonBlank(trimmed.substring(7));
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

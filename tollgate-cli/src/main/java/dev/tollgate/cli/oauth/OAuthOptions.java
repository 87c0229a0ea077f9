package dev.tollgate.cli.oauth;

import dev.tollgate.oauth.control.TokenEndpoint;
import picocli.CommandLine.Option;

/** Where the OAuth endpoints are: the same variables the server reads. */
public class OAuthOptions {

    @Option(
            names = "--token-url",
            defaultValue = "${env:CLAUDE_OAUTH_TOKEN_URL:-" + TokenEndpoint.DEFAULT_URL + "}",
            description = "Token endpoint (CLAUDE_OAUTH_TOKEN_URL, default ${DEFAULT-VALUE}).")
    String tokenUrl;

    @Option(
            names = "--client-id",
            defaultValue = "${env:CLAUDE_OAUTH_CLIENT_ID:-" + TokenEndpoint.DEFAULT_CLIENT_ID + "}",
            description = "OAuth client id (CLAUDE_OAUTH_CLIENT_ID, default the Claude Code client).")
    String clientId;

    TokenEndpoint endpoint() {
        return new TokenEndpoint(tokenUrl, clientId);
    }

    /** First 8 and last 4 characters: enough to recognise a token, not to use it. */
    static String masked(String token) {
        if (token == null) {
            return "(none)";
        }
        return token.length() <= 16 ? "****" : token.substring(0, 8) + "..." + token.substring(token.length() - 4);
    }
}

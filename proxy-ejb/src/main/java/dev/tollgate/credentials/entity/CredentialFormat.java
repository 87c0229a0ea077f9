package dev.tollgate.credentials.entity;

/** The two shapes of credential file Tollgate reads and writes back. */
public enum CredentialFormat {
    /** Claude Nexus Proxy's {@code {"type", "accountId", "api_key" | "oauth": {...}}}. */
    SEED,
    /**
     * What {@code claude /login} writes ({@code ~/.claude/.credentials.json} and the other spellings):
     * {@code {"claudeAiOauth": {"accessToken", "refreshToken", "expiresAt", "scopes", "subscriptionType"}}},
     * possibly beside keys of the CLI's own, which Tollgate never touches.
     */
    CLAUDE_CLI;

    /** The object of a Claude CLI file that holds the tokens. */
    public static final String CLAUDE_CLI_KEY = "claudeAiOauth";
}

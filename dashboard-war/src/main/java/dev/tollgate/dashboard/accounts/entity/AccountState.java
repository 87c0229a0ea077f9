package dev.tollgate.dashboard.accounts.entity;

import java.time.Duration;
import java.time.Instant;

/** One account's line on the accounts page. */
public record AccountState(
        String name,
        String accountId,
        String type,
        Instant expiresAt,
        Instant lastRefreshAt,
        String lastError,
        Instant lastErrorAt,
        int refreshCount,
        int failureCount,
        boolean reloginRequired,
        String credentialFile,
        Instant updatedAt) {

    /** "in 3 h 12 min", "expired 5 min ago", or empty for an API key account. */
    public String expiry() {
        if (expiresAt == null) {
            return "";
        }
        Duration left = Duration.between(Instant.now(), expiresAt);
        String span = left.abs().toHours() > 0
                ? left.abs().toHours() + " h " + left.abs().toMinutesPart() + " min"
                : left.abs().toMinutes() + " min";
        return left.isNegative() ? "expired " + span + " ago" : "in " + span;
    }

    /** What fixes an account whose refresh token was refused. */
    public String reloginCommand() {
        return "./tollgate oauth-login " + (credentialFile == null ? "<its credential file>" : credentialFile);
    }
}

package dev.tollgate.alerts.control;

import dev.tollgate.alerts.entity.Alert;
import dev.tollgate.alerts.entity.AlertKind;
import dev.tollgate.alerts.entity.FailureScope;
import dev.tollgate.journal.entity.CompletedRequest;
import dev.tollgate.oauth.entity.TokenRefreshOutcome;
import dev.tollgate.quotas.entity.QuotaExhausted;
import java.util.Locale;

/**
 * What each alert says: what happened, to which account, train or domain, and what to do about it.
 * Names and paths only, never a secret (the texts are masked once more before they are sent).
 */
public final class AlertTexts {

    /** The subject of the journal's alerts: there is one journal. */
    public static final String JOURNAL = "journal";

    private AlertTexts() {}

    /** @param reloginCommand the command that fixes it ({@code OAuthTokenService.reloginCommand}) */
    public static Alert reloginRequired(TokenRefreshOutcome outcome, String reloginCommand) {
        return new Alert(
                AlertKind.RELOGIN_REQUIRED,
                outcome.accountName(),
                "OAuth account `" + outcome.accountName() + "` needs a new login",
                "Its refresh token was refused, so Tollgate cannot renew its access token. The account is out"
                        + " of the rotation: train requests go to the other accounts, requests pinned to it get 503."
                        + reason(outcome.reason()) + "\n"
                        + "Fix: run `" + reloginCommand + "` on the Tollgate host; the new login is picked up"
                        + " within a second, no restart needed.",
                outcome.accountName());
    }

    public static Alert refreshFailed(TokenRefreshOutcome outcome) {
        return new Alert(
                AlertKind.REFRESH_FAILED,
                outcome.accountName(),
                "Refreshing the token of OAuth account `" + outcome.accountName() + "` failed",
                "The token endpoint could not be reached or failed. Tollgate tries again with a growing pause"
                        + " (up to 5 minutes) and keeps using the current token while it is valid."
                        + reason(outcome.reason()) + "\n"
                        + "If it persists: check that Tollgate reaches CLAUDE_OAUTH_TOKEN_URL;"
                        + " `./tollgate oauth-status " + outcome.credentialFile() + "` shows when the token expires.",
                outcome.accountName());
    }

    /**
     * @param scope what the failures were counted by
     * @param subject the domain, the train, or {@code all} for the global count
     * @param latest the failure that crossed (or kept above) the threshold
     */
    public static Alert authFailureSpike(
            FailureScope scope, String subject, int threshold, long windowSeconds, CompletedRequest latest) {
        String where =
                switch (scope) {
                    case GLOBAL -> "";
                    case DOMAIN -> " on domain `" + subject + "`";
                    case TRAIN -> " for train `" + subject + "`";
                };
        return new Alert(
                AlertKind.AUTH_FAILURE_SPIKE,
                scope.name().toLowerCase(Locale.ROOT) + " " + subject,
                "More than " + count(threshold) + " failed client authentications within " + windowSeconds + " s"
                        + where,
                "The latest: `" + latest.method() + " " + latest.path() + "` from " + latest.clientAddress()
                        + (latest.trainId() == null ? "" : ", train `" + latest.trainId() + "`")
                        + (latest.apiKeyHash() == null
                                ? ", no client key"
                                : ", key hash `" + abbreviated(latest.apiKeyHash()) + "`")
                        + ". A client is using a wrong, revoked or guessed key.\n"
                        + "Check the dashboard's Security page for the addresses and trains, and the clients'"
                        + " keys (train-client-keys/, client_api_key in credential files, issued keys). Every"
                        + " refusal is in the journal with status 401.",
                null);
    }

    public static Alert quotaExhausted(QuotaExhausted quota) {
        boolean train = "train".equals(quota.scope());
        String who = train ? "train `" + quota.subject() + "`" : "client key `" + abbreviated(quota.subject()) + "`";
        return new Alert(
                AlertKind.QUOTA_EXHAUSTED,
                quota.scope() + " " + quota.subject() + " " + quota.measure() + " " + quota.window(),
                "Quota exhausted: " + who,
                "It went over its limit of " + count(quota.limit()) + " " + quota.measure() + " per " + quota.window()
                        + "; its requests are refused with 429 for about " + quota.retryAfterSeconds() + " s.\n"
                        + "If the traffic is expected, raise the limit in the quota file (TOLLGATE_QUOTAS_FILE,"
                        + " applied within a second, docs/quotas.md); if not, find who sends it on the"
                        + " dashboard" + (train ? "" : " (the journal's api_key_hash)") + ".",
                null);
    }

    public static Alert journalSpilling(long pendingBytes, String spillDirectory) {
        return new Alert(
                AlertKind.JOURNAL_SPILLING,
                JOURNAL,
                "The journal is spilling to local disk",
                "PostgreSQL cannot take the journal (unreachable, or not keeping up): records wait in the spill"
                        + " journal in " + spillDirectory + " (" + count(Math.max(pendingBytes, 0)) + " bytes so"
                        + " far) and are replayed, in order, when it is back. Requests are still served.\n"
                        + "Check the database (DATABASE_URL) and /health/ready; keep an eye on the free space"
                        + " of the spill directory.",
                null);
    }

    public static Alert journalLosingRecords(String spillDirectory) {
        return new Alert(
                AlertKind.JOURNAL_LOSING_RECORDS,
                JOURNAL,
                "The journal is LOSING records",
                "Neither PostgreSQL nor the spill journal in " + spillDirectory + " takes them: requests are served"
                        + " but not recorded, and /health/ready is DOWN.\n"
                        + "Fix the database (DATABASE_URL) or the spill directory (free space, permissions)"
                        + " now.",
                null);
    }

    public static Alert journalRecovered() {
        return new Alert(
                AlertKind.JOURNAL_RECOVERED,
                JOURNAL,
                "The journal has recovered",
                "The spill journal was replayed into PostgreSQL and new records go to the database again.",
                null);
    }

    private static String reason(String reason) {
        return reason == null || reason.isBlank() ? "" : "\nReason: " + reason;
    }

    private static String count(long value) {
        return String.format(Locale.ENGLISH, "%,d", value);
    }

    /** The start of a salted key hash: enough to find its rows, shorter to read. */
    private static String abbreviated(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}

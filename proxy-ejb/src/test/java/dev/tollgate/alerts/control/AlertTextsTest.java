package dev.tollgate.alerts.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.alerts.entity.Alert;
import dev.tollgate.alerts.entity.AlertKind;
import dev.tollgate.alerts.entity.FailureScope;
import dev.tollgate.journal.entity.CompletedRequest;
import dev.tollgate.oauth.entity.TokenRefreshOutcome;
import dev.tollgate.quotas.entity.QuotaExhausted;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** What each alert tells the operator: what happened, to what, and what to do. */
class AlertTextsTest {

    private static CompletedRequest refused(String domain, String train, String keyHash) {
        return new CompletedRequest(
                "8a0f2e4c-0000-4000-8000-000000000001",
                OffsetDateTime.parse("2026-12-02T01:02:03Z"),
                "POST",
                "/v1/messages",
                train,
                domain,
                null,
                keyHash,
                "203.0.113.7",
                null,
                null,
                false,
                401,
                3,
                null,
                0,
                0,
                0,
                0,
                null,
                "invalid client key",
                1,
                false,
                null,
                "curl/8",
                null,
                "{}",
                0,
                0);
    }

    @Test
    void aReloginAlertNamesTheAccountAndTheCommandAndGoesToItsWebhook() {
        Alert alert = AlertTexts.reloginRequired(
                new TokenRefreshOutcome(
                        "max",
                        "/etc/tollgate/accounts/max.credentials.json",
                        TokenRefreshOutcome.Result.RELOGIN_REQUIRED,
                        "invalid_grant: refresh token revoked"),
                "./tollgate oauth-login /etc/tollgate/accounts/max.credentials.json");

        assertThat(alert.kind()).isEqualTo(AlertKind.RELOGIN_REQUIRED);
        assertThat(alert.subject()).isEqualTo("max");
        assertThat(alert.accountName()).isEqualTo("max");
        assertThat(alert.title()).contains("`max`", "new login");
        assertThat(alert.details())
                .contains("invalid_grant", "out of the rotation")
                .contains("`./tollgate oauth-login /etc/tollgate/accounts/max.credentials.json`");
    }

    @Test
    void aFailedRefreshSaysTollgateRetriesAndHowToCheck() {
        Alert alert = AlertTexts.refreshFailed(new TokenRefreshOutcome(
                "max", "/c/max.credentials.json", TokenRefreshOutcome.Result.FAILED, "token endpoint answered 503"));

        assertThat(alert.kind()).isEqualTo(AlertKind.REFRESH_FAILED);
        assertThat(alert.accountName()).isEqualTo("max");
        assertThat(alert.details())
                .contains("503", "tries again", "CLAUDE_OAUTH_TOKEN_URL", "oauth-status /c/max.credentials.json");
    }

    @Test
    void anAuthFailureSpikeNamesWhereAndTheLatestAttempt() {
        Alert alert = AlertTexts.authFailureSpike(
                FailureScope.DOMAIN,
                "app1.example.com",
                20,
                60,
                refused("app1.example.com", "team-a", "0123456789abcdef"));

        assertThat(alert.kind()).isEqualTo(AlertKind.AUTH_FAILURE_SPIKE);
        assertThat(alert.subject()).isEqualTo("domain app1.example.com");
        assertThat(alert.title())
                .isEqualTo("More than 20 failed client authentications within 60 s on domain" + " `app1.example.com`");
        assertThat(alert.details())
                .contains("`POST /v1/messages`", "203.0.113.7", "train `team-a`", "key hash `0123456789ab…`", "401")
                .doesNotContain("0123456789abcdef");
    }

    @Test
    void perTrainAndGlobalSpikesSayItInTheTitle() {
        assertThat(AlertTexts.authFailureSpike(FailureScope.TRAIN, "team-a", 5, 10, refused(null, "team-a", null))
                        .title())
                .endsWith("within 10 s for train `team-a`");
        Alert global = AlertTexts.authFailureSpike(FailureScope.GLOBAL, "all", 1_000, 60, refused(null, null, null));
        assertThat(global.title()).isEqualTo("More than 1,000 failed client authentications within 60 s");
        assertThat(global.details()).contains("no client key");
    }

    @Test
    void aQuotaAlertNamesTrainLimitAndWindowAndIsOnePerQuota() {
        Alert alert = AlertTexts.quotaExhausted(new QuotaExhausted("train", "team-a", "tokens", "5h", 2_000_000, 312));

        assertThat(alert.kind()).isEqualTo(AlertKind.QUOTA_EXHAUSTED);
        assertThat(alert.subject()).isEqualTo("train team-a tokens 5h");
        assertThat(alert.title()).isEqualTo("Quota exhausted: train `team-a`");
        assertThat(alert.details()).contains("2,000,000 tokens per 5h", "429", "312 s");
        assertThat(AlertTexts.quotaExhausted(
                                new QuotaExhausted("client_key", "f00dfeedcafe0123", "requests", "minute", 60, 7))
                        .title())
                .isEqualTo("Quota exhausted: client key `f00dfeedcafe…`");
    }
}

package dev.tollgate.alerts.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.alerts.entity.Alert;
import dev.tollgate.alerts.entity.AlertKind;
import dev.tollgate.oauth.entity.TokenRefreshOutcome;
import org.junit.jupiter.api.Test;

class AccountAlertsTest {

    private final RecordingDispatcher dispatcher = new RecordingDispatcher();
    private final AccountAlerts cut = new AccountAlerts();

    {
        cut.dispatcher = dispatcher;
        cut.accounts = new FixedAccounts(FixedAccounts.apiKeyAccount("max", false, null));
    }

    @Test
    void aRefusedRefreshTokenRaisesAReloginAlertForThatAccountWithItsCommand() {
        cut.onRefresh(new TokenRefreshOutcome(
                "max",
                "/etc/tollgate/credentials/max.credentials.json",
                TokenRefreshOutcome.Result.RELOGIN_REQUIRED,
                "invalid_grant"));

        assertThat(dispatcher.raised).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(AlertKind.RELOGIN_REQUIRED);
            assertThat(alert.accountName()).isEqualTo("max");
            assertThat(alert.details())
                    .contains("`./tollgate oauth-login /etc/tollgate/credentials/max.credentials.json`");
        });
    }

    @Test
    void anAccountGoneMeanwhileStillGetsTheCommandForItsFile() {
        cut.onRefresh(new TokenRefreshOutcome(
                "gone", "/c/gone.credentials.json", TokenRefreshOutcome.Result.RELOGIN_REQUIRED, null));

        assertThat(dispatcher.raised)
                .extracting(Alert::details)
                .singleElement()
                .asString()
                .contains("`./tollgate oauth-login /c/gone.credentials.json`");
    }

    @Test
    void aFailedRefreshRaisesARefreshAlertAndASuccessNothing() {
        cut.onRefresh(
                new TokenRefreshOutcome("max", "/c/max.credentials.json", TokenRefreshOutcome.Result.FAILED, "503"));
        cut.onRefresh(
                new TokenRefreshOutcome("max", "/c/max.credentials.json", TokenRefreshOutcome.Result.REFRESHED, null));

        assertThat(dispatcher.raised).extracting(Alert::kind).containsExactly(AlertKind.REFRESH_FAILED);
    }
}

package dev.tollgate.alerts.boundary;

import dev.tollgate.alerts.control.AlertTexts;
import dev.tollgate.credentials.boundary.AccountRegistry;
import dev.tollgate.oauth.boundary.OAuthTokenService;
import dev.tollgate.oauth.entity.TokenRefreshOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Alerts about OAuth accounts: one whose refresh token was refused needs a person to log in again;
 * a refresh that failed otherwise is tried again by Tollgate, but should not go unnoticed. Observed
 * on the refresh thread, which only waits for the rate limiter.
 */
@ApplicationScoped
public class AccountAlerts {

    @Inject
    AlertDispatcher dispatcher;

    @Inject
    AccountRegistry accounts;

    void onRefresh(@Observes TokenRefreshOutcome outcome) {
        switch (outcome.result()) {
            case RELOGIN_REQUIRED -> dispatcher.raise(AlertTexts.reloginRequired(outcome, reloginCommand(outcome)));
            case FAILED -> dispatcher.raise(AlertTexts.refreshFailed(outcome));
            case REFRESHED -> {
                // good news needs no message
            }
        }
    }

    private String reloginCommand(TokenRefreshOutcome outcome) {
        return accounts.accountNamed(outcome.accountName())
                .map(OAuthTokenService::reloginCommand)
                // the file went away meanwhile: the command is still the one for its path
                .orElse("./tollgate oauth-login " + outcome.credentialFile());
    }
}

package dev.tollgate.oauth.boundary;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/**
 * Refreshes the OAuth accounts' tokens before they expire. Only the timer is an EJB; requests get
 * their tokens from the {@link OAuthTokenService} CDI bean directly. Depends on the schema: each
 * check records the accounts' states in {@code oauth_accounts}.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "CredentialRescan"})
public class OAuthRefreshTimer {

    @Inject
    OAuthTokenService tokens;

    // Every second the timer looks whether a check is due (tollgate.oauth.check-interval-seconds,
    // 5 by default): a @Schedule expression cannot come from configuration.
    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void onTimer() {
        tokens.checkWhenDue();
    }
}

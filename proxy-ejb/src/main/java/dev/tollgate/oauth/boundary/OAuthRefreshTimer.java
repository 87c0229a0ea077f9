package dev.tollgate.oauth.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refreshes the OAuth accounts' tokens before they expire, every
 * {@code tollgate.oauth.check-interval-seconds}. Only the timer is an EJB; requests get their tokens
 * from the {@link OAuthTokenService} CDI bean directly. Depends on the schema: each check records
 * the accounts' states in {@code oauth_accounts}.
 *
 * <p>The timer is created once this bean is built, never by a {@code @Schedule}: an automatic
 * timer can fire during deployment and create the CDI beans on a timer thread, outside the
 * {@code @DependsOn} order (ADR 0011).
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "CredentialRescan"})
public class OAuthRefreshTimer {

    @Inject
    @ConfigProperty(name = "tollgate.oauth.check-interval-seconds", defaultValue = "5")
    long checkIntervalSeconds;

    @Inject
    OAuthTokenService tokens;

    @Resource
    TimerService timers;

    @PostConstruct
    void start() {
        long interval = Math.max(1, checkIntervalSeconds) * 1000;
        // the first check right away: tokens that expired while Tollgate was down are renewed
        // before requests need them. The accounts it reads are loaded (@DependsOn CredentialRescan).
        timers.createIntervalTimer(0, interval, new TimerConfig("oauth refresh", false));
    }

    @Timeout
    void onTimer() {
        tokens.refreshDueAccounts();
    }
}

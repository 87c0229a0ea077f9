package dev.tollgate.monitoring.boundary;

import dev.tollgate.clientauth.boundary.ClientKeyRing;
import dev.tollgate.credentials.boundary.AccountRegistry;
import dev.tollgate.credentials.entity.Account;
import dev.tollgate.oauth.boundary.OAuthTokenService;
import dev.tollgate.routing.control.AccountCooldowns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The Claude accounts' part of {@code /health/ready}, from memory: DOWN when no account can serve
 * (none configured, or all need a new login), UP with {@code state: degraded} while some accounts
 * need a login or cool down after a 429/529, and the credentials directory: DOWN when it cannot be
 * read (accounts and key changes would go unnoticed), degraded when refreshed OAuth tokens could
 * not be written back to it.
 */
@Readiness
@ApplicationScoped
public class AccountsHealth implements HealthCheck {

    @Inject
    AccountRegistry registry;

    @Inject
    OAuthTokenService oauth;

    @Inject
    AccountCooldowns cooldowns;

    @Inject
    ClientKeyRing keyRing;

    @Override
    public HealthCheckResponse call() {
        List<Account> accounts = registry.accounts();
        List<String> needLogin = accounts.stream()
                .filter(account -> !oauth.usable(account))
                .map(Account::name)
                .toList();
        List<String> cooling = accounts.stream()
                .filter(account -> cooldowns.isCooling(account.name()))
                .map(Account::name)
                .toList();
        long usable = accounts.stream()
                .filter(account -> oauth.usable(account) && !cooldowns.isCooling(account.name()))
                .count();
        Path directory = registry.directory();
        boolean readable = Files.isDirectory(directory) && Files.isReadable(directory);
        boolean writable = readable && Files.isWritable(directory);
        boolean hasOAuth = accounts.stream().anyMatch(Account::isOAuth);
        // with client authentication off, clients may bring their own key: no account needed
        boolean passthrough = accounts.isEmpty() && !keyRing.enabled();

        // accounts that cool down come back by themselves (and are still tried last): degraded, not down
        boolean down = !readable
                || (accounts.isEmpty() && !passthrough)
                || (!accounts.isEmpty() && needLogin.size() == accounts.size());
        boolean degraded = !needLogin.isEmpty() || !cooling.isEmpty() || (hasOAuth && !writable);
        var response = HealthCheckResponse.named("accounts")
                .status(!down)
                .withData("state", down ? "down" : degraded ? "degraded" : "ok")
                .withData("accounts", accounts.size())
                .withData("usable", usable)
                .withData("credentialsDirectory", directory.toAbsolutePath().toString())
                .withData("credentialsReadable", readable);
        if (!needLogin.isEmpty()) {
            response.withData("reloginRequired", String.join(",", needLogin));
        }
        if (!cooling.isEmpty()) {
            response.withData("coolingDown", String.join(",", cooling));
        }
        if (hasOAuth && !writable) {
            response.withData("credentialsWritable", false);
        }
        if (passthrough) {
            response.withData("mode", "passthrough");
        }
        return response.build();
    }
}

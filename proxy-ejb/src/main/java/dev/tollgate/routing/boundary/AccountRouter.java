package dev.tollgate.routing.boundary;

import dev.tollgate.credentials.boundary.AccountRegistry;
import dev.tollgate.credentials.entity.Account;
import dev.tollgate.oauth.boundary.OAuthTokenService;
import dev.tollgate.routing.control.AccountCooldowns;
import dev.tollgate.routing.control.RendezvousRanking;
import dev.tollgate.routing.entity.Route;
import dev.tollgate.routing.entity.UnknownAccountException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Chooses the accounts for a request, from memory only. In order of precedence:
 *
 * <ol>
 *   <li>domain mode: the request's host names a credential file ({@code credentials/<host>.credentials.json});
 *   <li>the account pinned with {@code MSL-Account};
 *   <li>train mode: every usable account, ranked for the train by rendezvous hashing, accounts
 *       cooling down after a 429/529 moved to the end.
 * </ol>
 *
 * <p>OAuth accounts whose refresh token was refused leave every rotation until a new login.
 */
@ApplicationScoped
public class AccountRouter {

    private static final Logger LOG = Logger.getLogger(AccountRouter.class.getName());

    @Inject
    AccountRegistry accounts;

    @Inject
    AccountCooldowns cooldowns;

    @Inject
    OAuthTokenService oauth;

    /**
     * @param domain the validated host name without port, or null
     * @param pinnedAccount the validated {@code MSL-Account} value, or null
     * @throws UnknownAccountException when the pinned account does not exist
     */
    public Route route(String trainId, String domain, String pinnedAccount) {
        Route route = choose(trainId, domain, pinnedAccount);
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("train " + trainId + ", host " + domain + ", MSL-Account " + pinnedAccount + " -> " + route.mode()
                    + " " + route.candidates().stream().map(Account::name).toList());
        }
        return route;
    }

    /** The domain credential file a host selects, if any: its client key is the domain's. */
    public String domainAccountName(String domain) {
        return accounts.domainAccount(domain).map(Account::name).orElse(null);
    }

    private Route choose(String trainId, String domain, String pinnedAccount) {
        var domainAccount = accounts.domainAccount(domain);
        if (domainAccount.isPresent()) {
            // the client's explicit choice stays, usable or not: the relay then says what is wrong with it
            return new Route(List.of(domainAccount.get()), "domain");
        }
        if (pinnedAccount != null) {
            Account pinned =
                    accounts.accountNamed(pinnedAccount).orElseThrow(() -> new UnknownAccountException(pinnedAccount));
            return new Route(List.of(pinned), "pinned");
        }
        List<Account> ranked = RendezvousRanking.rank(trainId, usable(accounts.accounts()));
        List<Account> ready = new ArrayList<>();
        List<Account> cooling = new ArrayList<>();
        for (Account account : ranked) {
            (cooldowns.isCooling(account.name()) ? cooling : ready).add(account);
        }
        ready.addAll(cooling);
        return new Route(ready, "train");
    }

    /** Accounts that can serve now: not an OAuth account waiting for a new login. */
    private List<Account> usable(List<Account> candidates) {
        return candidates.stream().filter(oauth::usable).toList();
    }
}

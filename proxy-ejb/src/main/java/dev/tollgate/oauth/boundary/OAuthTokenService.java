package dev.tollgate.oauth.boundary;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.tollgate.cluster.boundary.DataGrid;
import dev.tollgate.credentials.boundary.AccountRegistry;
import dev.tollgate.credentials.control.CredentialFileWriter;
import dev.tollgate.credentials.entity.Account;
import dev.tollgate.credentials.entity.OAuthTokens;
import dev.tollgate.oauth.control.TokenEndpoint;
import dev.tollgate.oauth.control.TokenSeal;
import dev.tollgate.oauth.entity.AccountUnavailableException;
import dev.tollgate.oauth.entity.OAuthAccountState;
import dev.tollgate.oauth.entity.TokenEndpointException;
import dev.tollgate.oauth.entity.TokenRefreshOutcome;
import dev.tollgate.oauth.entity.TokenRefusedException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the OAuth accounts' access tokens valid.
 *
 * <p>A timer refreshes every token that expires within {@code tollgate.oauth.refresh-before-expiry-seconds}
 * before any request needs it; a request that still finds an expired token starts the refresh
 * itself. Per account at most one refresh is in flight: everyone else waits for its result (at most
 * {@code tollgate.oauth.refresh-wait-seconds}), because a rotated refresh token works once and a
 * second concurrent refresh would lock the account out. New tokens are written to the credential
 * file (atomically, mode 0600) before anyone uses them. A refused refresh token ({@code invalid_grant})
 * takes the account out of rotation until its file changes (a new login); other failures back off
 * with jitter while the current token stays in use as long as it is valid.
 *
 * <p>A plain CDI bean: {@link #usable} and {@link #accessToken} are called from request threads,
 * state lives in concurrent maps, and the database is only written through the
 * {@link OAuthStateRecorder} EJB. {@link OAuthRefreshTimer} holds the timer (ADR 0011).
 *
 * <p>On a data grid the refresh happens once for all instances (ADR 0013): the instance that
 * refreshes holds the account's lock in the grid map {@value #SHARED_TOKENS} while it calls the
 * endpoint, writes the file and publishes the new tokens there, sealed under the refresh token they
 * replace ({@link TokenSeal}). Every instance takes them up from the map's event at once; one that
 * still wanted to refresh finds them when it gets the lock and uses them instead of calling the
 * endpoint with a refresh token that no longer works.
 */
@ApplicationScoped
public class OAuthTokenService {

    private static final Logger LOG = Logger.getLogger(OAuthTokenService.class.getName());
    private static final long MAX_BACKOFF_MILLIS = 5 * 60_000;
    private static final long REJECTED_TOKEN_REFRESH_PAUSE_MILLIS = 60_000;
    static final String SHARED_TOKENS = "tollgate-oauth-tokens";
    /** A lock outlives its holder's wait by this much at most: a hung or dead holder cannot keep it. */
    private static final long LOCK_LEASE_MARGIN_SECONDS = 30;

    @Inject
    @ConfigProperty(name = "CLAUDE_OAUTH_TOKEN_URL", defaultValue = TokenEndpoint.DEFAULT_URL)
    String tokenUrl;

    @Inject
    @ConfigProperty(name = "CLAUDE_OAUTH_CLIENT_ID", defaultValue = TokenEndpoint.DEFAULT_CLIENT_ID)
    String clientId;

    @Inject
    @ConfigProperty(name = "CLAUDE_OAUTH_USER_AGENT", defaultValue = TokenEndpoint.DEFAULT_USER_AGENT)
    String userAgent;

    @Inject
    @ConfigProperty(name = "tollgate.oauth.refresh-before-expiry-seconds", defaultValue = "60")
    long refreshBeforeExpirySeconds;

    @Inject
    @ConfigProperty(name = "tollgate.oauth.refresh-wait-seconds", defaultValue = "30")
    long refreshWaitSeconds;

    @Inject
    AccountRegistry accounts;

    @Inject
    Event<TokenRefreshOutcome> refreshOutcomes;

    @EJB
    OAuthStateRecorder recorder;

    @Inject
    DataGrid dataGrid;

    @Resource
    ManagedExecutorService executor;

    private final CredentialFileWriter writer = new CredentialFileWriter();
    private final Map<String, OAuthAccountState> states = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<OAuthTokens>> inFlight = new ConcurrentHashMap<>();
    /** What {@code oauth_accounts} holds for each account, so unchanged states are not written again. */
    private final Map<String, Object> recorded = new ConcurrentHashMap<>();

    private TokenEndpoint endpoint;
    /** Locks and newest tokens per account, shared by the instances of a grid; empty when alone. */
    private Optional<IMap<String, String>> sharedTokens = Optional.empty();

    @PostConstruct
    void start() {
        endpoint = new TokenEndpoint(tokenUrl, clientId, userAgent);
        sharedTokens = dataGrid.sharedMap(SHARED_TOKENS);
        sharedTokens.ifPresent(map -> map.addEntryListener(new PeerRefreshes(), true));
    }

    /**
     * Refreshes, without waiting, every OAuth account whose token expires soon, and records the
     * state of every account (API key ones included) in the database when it changed.
     */
    public void refreshDueAccounts() {
        long now = System.currentTimeMillis();
        for (Account account : accounts.accounts()) {
            if (!account.isOAuth()) {
                recordOnChange(account, null);
                continue;
            }
            OAuthAccountState state = stateOf(account);
            recordOnChange(account, state);
            if (!state.reloginRequired()
                    && state.retryNotBeforeMillis() <= now
                    && state.tokens().expiresWithin(refreshBeforeExpirySeconds * 1000, now)) {
                refreshOnce(account);
            }
        }
    }

    /**
     * The upstream refused the account's access token although it has not expired (revoked, or
     * replaced by a login elsewhere): refresh it now, without waiting. If the refresh token is
     * refused too, the account leaves the rotation with the command that fixes it; a token
     * refreshed within the last minute is not refreshed again, so a refusing upstream cannot make
     * Tollgate hammer the token endpoint.
     */
    public void tokenRejected(Account account) {
        OAuthAccountState state = stateOf(account);
        long now = System.currentTimeMillis();
        if (state.reloginRequired()
                || state.retryNotBeforeMillis() > now
                || now - state.lastRefreshMillis() < REJECTED_TOKEN_REFRESH_PAUSE_MILLIS) {
            return;
        }
        LOG.warning("The upstream refused the access token of account " + account.name() + "; refreshing it");
        refreshOnce(account);
    }

    /** Whether the account may be put in the routing rotation. */
    public boolean usable(Account account) {
        return !account.isOAuth() || !stateOf(account).reloginRequired();
    }

    /**
     * A valid access token for the account, refreshing it first if it expired.
     *
     * @throws AccountUnavailableException when no valid token can be had in time
     */
    public String accessToken(Account account) {
        OAuthAccountState state = stateOf(account);
        if (state.reloginRequired()) {
            throw reloginRequired(account, state.lastError());
        }
        long now = System.currentTimeMillis();
        if (!state.tokens().expiresWithin(0, now)) {
            return state.tokens().accessToken();
        }
        if (state.retryNotBeforeMillis() > now && !inFlight.containsKey(account.name())) {
            throw new AccountUnavailableException("The token of account " + account.name() + " expired and its refresh"
                    + " is failing (" + state.lastError() + "); retrying shortly");
        }
        try {
            return refreshOnce(account)
                    .get(refreshWaitSeconds, TimeUnit.SECONDS)
                    .accessToken();
        } catch (TimeoutException e) {
            throw new AccountUnavailableException("The token of account " + account.name()
                    + " is being refreshed; no answer within " + refreshWaitSeconds + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccountUnavailableException("Interrupted while waiting for the token of " + account.name());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TokenRefusedException) {
                throw reloginRequired(account, e.getCause().getMessage());
            }
            throw new AccountUnavailableException("The token of account " + account.name() + " expired and could not"
                    + " be refreshed: " + e.getCause().getMessage());
        }
    }

    /** The command that fixes an account whose refresh token was refused. */
    public static String reloginCommand(Account account) {
        return "./tollgate oauth-login " + account.source();
    }

    private AccountUnavailableException reloginRequired(Account account, String reason) {
        return new AccountUnavailableException(
                "Account " + account.name() + " needs a new login (" + reason + "): run " + reloginCommand(account));
    }

    /**
     * The state of an account, started afresh when its file carries other tokens than the ones
     * Tollgate knows (a file replaced by hand, e.g. after a new login, clears "re-login required").
     */
    private OAuthAccountState stateOf(Account account) {
        return states.compute(account.name(), (name, known) -> {
            if (known == null) {
                return OAuthAccountState.of(account.oauth());
            }
            boolean fileIsNewer = account.oauth().expiresAt() > known.tokens().expiresAt()
                    || known.reloginRequired()
                            && !account.oauth()
                                    .refreshToken()
                                    .equals(known.tokens().refreshToken());
            return fileIsNewer ? OAuthAccountState.of(account.oauth()) : known;
        });
    }

    /** Starts a refresh unless one is in flight for the account; either way returns its outcome. */
    private CompletableFuture<OAuthTokens> refreshOnce(Account account) {
        CompletableFuture<OAuthTokens> refresh = new CompletableFuture<>();
        CompletableFuture<OAuthTokens> running = inFlight.putIfAbsent(account.name(), refresh);
        if (running != null) {
            return running;
        }
        OAuthTokens replacing = stateOf(account).tokens();
        // started outside the map's update: a refresh that fails at once must not remove itself
        // from the map while the map is still being updated
        try {
            executor.execute(() -> {
                try {
                    refresh.complete(
                            sharedTokens.isPresent() ? refreshOnceInGrid(account, replacing) : refresh(account));
                } catch (RuntimeException e) {
                    refresh.completeExceptionally(e);
                } finally {
                    inFlight.remove(account.name(), refresh);
                }
            });
        } catch (RuntimeException rejected) {
            inFlight.remove(account.name(), refresh);
            refresh.completeExceptionally(rejected);
        }
        return refresh;
    }

    /**
     * Refreshes under the account's grid lock, unless another instance replaced the tokens meanwhile:
     * then takes its tokens, from the grid or (a file shared by the instances) from the file.
     */
    private OAuthTokens refreshOnceInGrid(Account account, OAuthTokens replacing) {
        IMap<String, String> grid = sharedTokens.orElseThrow();
        boolean locked;
        try {
            locked = grid.tryLock(
                    account.name(),
                    refreshWaitSeconds,
                    TimeUnit.SECONDS,
                    refreshWaitSeconds + LOCK_LEASE_MARGIN_SECONDS,
                    TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenEndpointException("interrupted while waiting for the data grid's refresh lock", e);
        } catch (RuntimeException e) {
            // refreshing without the lock could spend the refresh token another instance is using
            throw new TokenEndpointException(
                    "the data grid cannot lock account " + account.name() + " for its refresh: " + e.getMessage(), e);
        }
        if (!locked) {
            throw new TokenEndpointException(
                    "another instance has been refreshing account " + account.name() + " for " + refreshWaitSeconds
                            + " s",
                    null);
        }
        try {
            OAuthAccountState state = stateOf(account);
            Optional<OAuthTokens> refreshedElsewhere =
                    TokenSeal.open(account.name(), state.tokens().refreshToken(), grid.get(account.name()));
            if (refreshedElsewhere.isPresent()) {
                adopt(account, refreshedElsewhere.get());
                return refreshedElsewhere.get();
            }
            if (!state.tokens().equals(replacing)) {
                return state.tokens(); // replaced meanwhile: taken from the grid's event or the file
            }
            return refresh(account, tokens -> publish(grid, account, replacing, tokens));
        } finally {
            try {
                grid.unlock(account.name());
            } catch (IllegalMonitorStateException leaseOver) {
                // the lease ran out first (a refresh slower than refresh-wait-seconds + 30 s): already free
            }
        }
    }

    /** Puts the new tokens into the grid before the lock is released, so the next holder finds them. */
    private void publish(IMap<String, String> grid, Account account, OAuthTokens replaced, OAuthTokens tokens) {
        try {
            grid.set(account.name(), TokenSeal.seal(account.name(), replaced.refreshToken(), tokens));
        } catch (RuntimeException e) {
            // the tokens are on disk and in use here; instances sharing the file take them up from it
            LOG.log(
                    Level.SEVERE,
                    "Cannot publish the refreshed token of account " + account.name() + " to the data grid;"
                            + " instances without this credential file may refresh with the spent one",
                    e);
        }
    }

    private OAuthTokens refresh(Account account) {
        return refresh(account, tokens -> {});
    }

    /** @param publish shares the new tokens once they are on disk and in use here */
    private OAuthTokens refresh(Account account, java.util.function.Consumer<OAuthTokens> publish) {
        OAuthAccountState state = stateOf(account);
        long now = System.currentTimeMillis();
        try {
            OAuthTokens tokens = endpoint.refresh(state.tokens(), account.name());
            // written before anyone uses it: a crash now leaves the new refresh token on disk, never lost
            writer.writeTokens(account.source(), tokens);
            OAuthAccountState refreshed = state.refreshed(tokens, now);
            states.put(account.name(), refreshed);
            publish.accept(tokens);
            LOG.info(() -> "Refreshed the token of account " + account.name() + "; it expires at "
                    + java.time.Instant.ofEpochMilli(tokens.expiresAt()));
            recordQuietly(account, refreshed);
            announce(account, TokenRefreshOutcome.Result.REFRESHED, null);
            return tokens;
        } catch (TokenRefusedException e) {
            OAuthAccountState refused = state.refused(e.getMessage());
            states.put(account.name(), refused);
            LOG.severe(e.getMessage() + ". Account " + account.name() + " leaves the rotation; fix: "
                    + reloginCommand(account));
            recordQuietly(account, refused);
            announce(account, TokenRefreshOutcome.Result.RELOGIN_REQUIRED, e.getMessage());
            throw e;
        } catch (TokenEndpointException | IOException e) {
            long backoff = Math.min(MAX_BACKOFF_MILLIS, 1000L << Math.min(state.failureCount(), 16));
            long jitter = ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
            OAuthAccountState failed = state.failed(e.getMessage(), now + backoff + jitter);
            states.put(account.name(), failed);
            LOG.warning("Refreshing the token of account " + account.name() + " failed: " + e.getMessage()
                    + "; next try in about " + (backoff + jitter) / 1000 + " s");
            recordQuietly(account, failed);
            announce(account, TokenRefreshOutcome.Result.FAILED, e.getMessage());
            throw e instanceof TokenEndpointException endpointFailure
                    ? endpointFailure
                    : new TokenEndpointException("cannot write " + account.source() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Uses tokens another instance got, and writes them to this instance's file unless the file
     * already has them (instances that share the credential directory).
     */
    private void adopt(Account account, OAuthTokens tokens) {
        OAuthAccountState[] adopted = new OAuthAccountState[1];
        states.compute(account.name(), (name, known) -> {
            if (known != null && known.tokens().expiresAt() >= tokens.expiresAt()) {
                return known;
            }
            adopted[0] =
                    (known == null ? OAuthAccountState.of(tokens) : known).adopted(tokens, System.currentTimeMillis());
            return adopted[0];
        });
        if (adopted[0] == null) {
            return;
        }
        LOG.info(() -> "Took up the token another instance refreshed for account " + account.name() + "; it expires at "
                + java.time.Instant.ofEpochMilli(tokens.expiresAt()));
        if (account.oauth().expiresAt() < tokens.expiresAt()) {
            try {
                writer.writeTokens(account.source(), tokens);
            } catch (IOException e) {
                // in use here already; the grid keeps them for the next instance that needs them
                LOG.warning(
                        "Cannot write the tokens refreshed elsewhere to " + account.source() + ": " + e.getMessage());
            }
        }
    }

    /** New tokens any instance published: taken up when they follow from the tokens this one holds. */
    private final class PeerRefreshes
            implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            heard(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            heard(event.getKey(), event.getValue());
        }

        private void heard(String accountName, String sealed) {
            accounts.accountNamed(accountName).filter(Account::isOAuth).ifPresent(account -> TokenSeal.open(
                            accountName, stateOf(account).tokens().refreshToken(), sealed)
                    .ifPresent(tokens -> {
                        try {
                            executor.execute(() -> adopt(account, tokens)); // the file write off the grid's thread
                        } catch (RuntimeException shuttingDown) {
                            adopt(account, tokens);
                        }
                    }));
        }
    }

    private void announce(Account account, TokenRefreshOutcome.Result result, String reason) {
        try {
            refreshOutcomes.fire(
                    new TokenRefreshOutcome(account.name(), account.source().toString(), result, reason));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An observer of token refreshes failed for account " + account.name(), e);
        }
    }

    /** Writes an account's state when it differs from what was last written (e.g. after a new login). */
    private void recordOnChange(Account account, OAuthAccountState state) {
        Object current = java.util.Arrays.asList(account.accountId(), account.type(), state);
        if (!current.equals(recorded.get(account.name()))) {
            recordQuietly(account, state);
        }
    }

    private void recordQuietly(Account account, OAuthAccountState state) {
        try {
            recorder.record(account, state);
            recorded.put(account.name(), java.util.Arrays.asList(account.accountId(), account.type(), state));
        } catch (RuntimeException e) {
            // the state for the dashboard is secondary: the token itself is safe on disk
            LOG.log(Level.WARNING, "Cannot record the token state of account " + account.name(), e);
        }
    }
}

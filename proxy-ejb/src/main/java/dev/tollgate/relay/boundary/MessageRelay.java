package dev.tollgate.relay.boundary;

import dev.tollgate.clientauth.boundary.ClientKeyRing;
import dev.tollgate.credentials.boundary.AccountRegistry;
import dev.tollgate.credentials.entity.Account;
import dev.tollgate.journal.boundary.RequestJournal;
import dev.tollgate.messages.control.RequestBodyInspector;
import dev.tollgate.messages.entity.Header;
import dev.tollgate.oauth.boundary.OAuthTokenService;
import dev.tollgate.oauth.entity.AccountUnavailableException;
import dev.tollgate.quotas.boundary.Quotas;
import dev.tollgate.quotas.entity.QuotaExceededException;
import dev.tollgate.relay.control.Exchange;
import dev.tollgate.relay.control.HeaderPolicy;
import dev.tollgate.relay.control.RoutingHeaders;
import dev.tollgate.relay.control.StreamWatchdog;
import dev.tollgate.relay.control.UpstreamClient;
import dev.tollgate.relay.entity.ClientRequest;
import dev.tollgate.relay.entity.RelayException;
import dev.tollgate.routing.boundary.AccountRouter;
import dev.tollgate.routing.control.AccountCooldowns;
import dev.tollgate.routing.entity.Route;
import dev.tollgate.routing.entity.UnknownAccountException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Relays one client request to the Claude API and hands back the answer to send.
 *
 * <p>Every request ends in the journal exactly once: here when Tollgate refuses or fails it, in
 * {@link RelayedResponse} when the answer has been passed on. No database call, no file read and no
 * lock on the way that can wait on anything but arithmetic: quotas count in memory, the account comes
 * from memory, the journal only queues.
 */
@ApplicationScoped
public class MessageRelay {

    private static final Logger LOG = Logger.getLogger(MessageRelay.class.getName());

    @Inject
    AccountRegistry accounts;

    @Inject
    AccountRouter router;

    @Inject
    AccountCooldowns cooldowns;

    @Inject
    ClientKeyRing keyRing;

    @Inject
    OAuthTokenService oauth;

    @Inject
    Quotas quotas;

    @Inject
    @ConfigProperty(name = "tollgate.failover.retries", defaultValue = "2")
    int failoverRetries;

    @Inject
    UpstreamClient upstream;

    @Inject
    RequestJournal journal;

    @Inject
    StreamWatchdog watchdog;

    @Inject
    @ConfigProperty(name = "tollgate.max-request-bytes", defaultValue = "33554432")
    long maxRequestBytes;

    @Inject
    @ConfigProperty(name = "API_KEY_SALT")
    Optional<String> apiKeySalt;

    private final RequestBodyInspector inspector = new RequestBodyInspector();

    /**
     * @throws RelayException when Tollgate answers the request itself (bad input, no account, upstream
     *     unreachable or too slow); the exchange is journaled before it is thrown
     */
    public RelayedResponse relay(ClientRequest request) {
        Exchange exchange = new Exchange(request);
        try {
            return forward(exchange);
        } catch (RelayException e) {
            exchange.failed(e.status(), e.getMessage());
            journal.record(exchange.toRecord());
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Relay of request " + request.requestId() + " failed", e);
            exchange.failed(500, "internal error: " + e.getClass().getName());
            journal.record(exchange.toRecord());
            throw new RelayException(
                    500, "Tollgate failed to relay the request; the error is logged.", request.requestId(), e);
        }
    }

    /**
     * Journals a request the web edge refused before relaying it (authentication), so that refusals
     * are in the journal like everything else.
     */
    public void refused(ClientRequest request, RelayException refusal) {
        Exchange exchange = new Exchange(request);
        exchange.routing(
                trainIdOrInvalid(request),
                RoutingHeaders.domain(request),
                RoutingHeaders.keyHash(RoutingHeaders.clientKey(request), apiKeySalt.orElse("")));
        exchange.failed(refusal.status(), refusal.getMessage());
        journal.record(exchange.toRecord());
    }

    private RelayedResponse forward(Exchange exchange) {
        ClientRequest request = exchange.request();
        String domain = RoutingHeaders.domain(request);
        String clientKey = RoutingHeaders.clientKey(request);
        String keyHash = RoutingHeaders.keyHash(clientKey, apiKeySalt.orElse(""));
        exchange.routing(trainIdOrInvalid(request), domain, keyHash);
        admit(exchange, keyHash);
        String trainId;
        String pinnedAccount;
        try {
            trainId = RoutingHeaders.trainId(request);
            pinnedAccount = RoutingHeaders.pinnedAccount(request);
            RoutingHeaders.requireValidHost(request);
        } catch (IllegalArgumentException e) {
            throw RelayException.invalidRequest(request.requestId(), e.getMessage());
        }

        byte[] body = readBody(request);
        if (body != null) {
            try {
                exchange.requestBody(body, inspector.inspect(body).model());
            } catch (RequestBodyInspector.MalformedBodyException e) {
                exchange.requestBody(body, null);
                throw RelayException.invalidRequest(request.requestId(), e.getMessage());
            }
        }

        Route route;
        try {
            route = router.route(trainId, domain, pinnedAccount);
        } catch (UnknownAccountException e) {
            throw RelayException.invalidRequest(request.requestId(), e.getMessage());
        }
        List<Header> forwarded = HeaderPolicy.forUpstream(request.headers());
        if (route.candidates().isEmpty()) {
            if (!keyRing.enabled() && clientKey != null) {
                return passThrough(exchange, forwarded, body, clientKey);
            }
            throw RelayException.noAccount(
                    request.requestId(), accounts.directory().toAbsolutePath().toString());
        }

        return tryInTurn(exchange, route, forwarded, body);
    }

    /**
     * Counts the request against the quotas of its train and client key, from memory, before the
     * body is read; a refusal is journaled as a 429 whose error starts with {@code quota exceeded}.
     */
    private void admit(Exchange exchange, String keyHash) {
        ClientRequest request = exchange.request();
        try {
            quotas.admit(trainIdOrInvalid(request), keyHash, request.requestId().toString(), request.receivedAt());
        } catch (QuotaExceededException e) {
            throw RelayException.quotaExceeded(request.requestId(), e.getMessage(), e.retryAfterSeconds());
        }
    }

    /**
     * Sends the request with the route's accounts in turn: the next one is tried when an account
     * cannot be used, the upstream is unreachable, or it answers 429/529, as long as the route may
     * fail over and attempts are left. Each attempt given up is journaled on its own.
     */
    private RelayedResponse tryInTurn(Exchange exchange, Route route, List<Header> forwarded, byte[] body) {
        int attempts = Math.min(route.candidates().size(), route.mayFailOver() ? 1 + failoverRetries : 1);
        for (int attempt = 1; ; attempt++) {
            Account account = route.candidates().get(attempt - 1);
            boolean lastAttempt = attempt == attempts;
            exchange.account(account.accountId());
            HttpResponse<InputStream> response;
            try {
                response = send(exchange, credentialed(forwarded, account), body);
            } catch (AccountUnavailableException unavailable) {
                RelayException refusal = new RelayException(
                        503, unavailable.getMessage(), exchange.request().requestId(), null);
                if (lastAttempt) {
                    throw refusal;
                }
                giveUpAttempt(exchange, refusal);
                continue;
            } catch (RelayException unreachable) {
                if (lastAttempt || unreachable.status() != 502) {
                    throw unreachable;
                }
                giveUpAttempt(exchange, unreachable);
                continue;
            }
            int status = response.statusCode();
            if (status == 401 && account.isOAuth()) {
                oauth.tokenRejected(account);
            }
            if (status == 429 || status == 529) {
                cooldowns.coolDown(account.name(), retryAfterSeconds(response));
                if (!lastAttempt) {
                    giveUp(exchange, response);
                    continue;
                }
            }
            return RelayedResponse.from(response, exchange, journal, watchdog);
        }
    }

    private void giveUpAttempt(Exchange exchange, RelayException failure) {
        exchange.failed(failure.status(), failure.getMessage());
        journal.record(exchange.failedAttempt("failed over to the next account"));
    }

    /**
     * The forwarded headers with the account's credential: {@code x-api-key} for an API key account;
     * for an OAuth account its (refreshed if need be) token as Bearer and the OAuth beta merged into
     * the client's betas, never {@code x-api-key}.
     */
    private List<Header> credentialed(List<Header> forwarded, Account account) {
        if (!account.isOAuth()) {
            List<Header> headers = new ArrayList<>(forwarded);
            headers.add(new Header("x-api-key", account.apiKey()));
            return headers;
        }
        String token = oauth.accessToken(account);
        List<Header> headers = HeaderPolicy.withOAuthBeta(forwarded);
        headers.add(new Header("authorization", "Bearer " + token));
        return headers;
    }

    /**
     * Client authentication is off and no account serves this request: the client's own credential
     * goes upstream (the seeds' "bring your own subscription"); an OAuth token gets its beta.
     */
    private RelayedResponse passThrough(Exchange exchange, List<Header> forwarded, byte[] body, String clientKey) {
        exchange.account("passthrough");
        List<Header> headers = new ArrayList<>(forwarded);
        if (clientKey.startsWith("sk-ant-oat")) {
            headers = HeaderPolicy.withOAuthBeta(headers);
        }
        headers.add(
                exchange.request().header("x-api-key") != null
                        ? new Header("x-api-key", clientKey)
                        : new Header("authorization", "Bearer " + clientKey));
        return RelayedResponse.from(send(exchange, headers, body), exchange, journal, watchdog);
    }

    private HttpResponse<InputStream> send(Exchange exchange, List<Header> headers, byte[] body) {
        ClientRequest request = exchange.request();
        String pathAndQuery = request.upstreamPath() + (request.query() == null ? "" : "?" + request.query());
        try {
            return upstream.send(request.method(), pathAndQuery, headers, body);
        } catch (HttpTimeoutException e) {
            throw RelayException.upstreamTimeout(request.requestId(), upstream.baseUrl(), upstream.timeoutSeconds());
        } catch (IOException e) {
            throw RelayException.upstreamUnreachable(request.requestId(), upstream.baseUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RelayException.clientAborted(request.requestId(), e);
        }
    }

    /** Journals an attempt answered 429/529 as given up; its (small) error body is kept for the audit. */
    private void giveUp(Exchange exchange, HttpResponse<InputStream> response) {
        exchange.answered(response.statusCode(), HeaderPolicy.forClient(response.headers(), false));
        try (InputStream errorBody = response.body()) {
            exchange.responseBody(errorBody.readNBytes(64 * 1024));
        } catch (IOException e) {
            // the error body is nice to have; the status and headers are recorded already
        }
        journal.record(exchange.failedAttempt("failed over to the next account"));
    }

    /** The upstream's {@code retry-after} in seconds (a number or an HTTP date), else a minute. */
    static long retryAfterSeconds(HttpResponse<?> response) {
        String value = response.headers().firstValue("retry-after").orElse(null);
        if (value == null) {
            return 60;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                var date = java.time.ZonedDateTime.parse(
                        value.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(
                        0,
                        java.time.Duration.between(java.time.ZonedDateTime.now(), date)
                                .getSeconds());
            } catch (java.time.format.DateTimeParseException notADate) {
                return 60;
            }
        }
    }

    private static String trainIdOrInvalid(ClientRequest request) {
        try {
            return RoutingHeaders.trainId(request);
        } catch (IllegalArgumentException e) {
            return "invalid";
        }
    }

    /**
     * The request's body, read within {@code tollgate.max-request-bytes}; null for a request without
     * one. Also for edges that translate the body before relaying it.
     *
     * @throws RelayException 413 above the limit, 499 when the client hangs up while sending
     */
    public byte[] readBody(ClientRequest request) {
        if (request.body() == null) {
            return null;
        }
        if (request.declaredLength() > maxRequestBytes) {
            throw RelayException.tooLarge(request.requestId(), maxRequestBytes);
        }
        try {
            byte[] body = request.body().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
            if (body.length > maxRequestBytes) {
                throw RelayException.tooLarge(request.requestId(), maxRequestBytes);
            }
            return body;
        } catch (IOException e) {
            throw RelayException.clientAborted(request.requestId(), e);
        }
    }
}

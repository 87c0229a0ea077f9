package dev.tollgate.relay.boundary;

import dev.tollgate.credentials.boundary.AccountRegistry;
import dev.tollgate.credentials.entity.Account;
import dev.tollgate.journal.boundary.RequestJournal;
import dev.tollgate.messages.control.RequestBodyInspector;
import dev.tollgate.messages.entity.Header;
import dev.tollgate.messages.entity.RequestSummary;
import dev.tollgate.relay.control.Exchange;
import dev.tollgate.relay.control.HeaderPolicy;
import dev.tollgate.relay.control.RoutingHeaders;
import dev.tollgate.relay.control.StreamWatchdog;
import dev.tollgate.relay.control.UpstreamClient;
import dev.tollgate.relay.entity.ClientRequest;
import dev.tollgate.relay.entity.RelayException;
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
 * lock on the way: the account comes from memory, the journal only queues.
 */
@ApplicationScoped
public class MessageRelay {

    private static final Logger LOG = Logger.getLogger(MessageRelay.class.getName());

    @Inject
    AccountRegistry accounts;

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

    private RelayedResponse forward(Exchange exchange) {
        ClientRequest request = exchange.request();
        String trainId;
        try {
            trainId = RoutingHeaders.trainId(request);
        } catch (IllegalArgumentException e) {
            exchange.routing("invalid", RoutingHeaders.domain(request), null);
            throw RelayException.invalidRequest(request.requestId(), e.getMessage());
        }
        exchange.routing(
                trainId,
                RoutingHeaders.domain(request),
                RoutingHeaders.keyHash(RoutingHeaders.clientKey(request), apiKeySalt.orElse("")));

        byte[] body = readBody(request);
        RequestSummary summary = RequestSummary.NONE;
        if (body != null) {
            try {
                summary = inspector.inspect(body);
                exchange.requestBody(body, summary.model());
            } catch (RequestBodyInspector.MalformedBodyException e) {
                exchange.requestBody(body, null);
                throw RelayException.invalidRequest(request.requestId(), e.getMessage());
            }
        }

        Account account = accounts.defaultAccount()
                .orElseThrow(() -> RelayException.noAccount(
                        request.requestId(),
                        accounts.directory().toAbsolutePath().toString()));
        exchange.account(account.accountId());

        List<Header> headers = new ArrayList<>(HeaderPolicy.forUpstream(request.headers()));
        headers.add(new Header("x-api-key", account.apiKey()));
        String pathAndQuery = request.path() + (request.query() == null ? "" : "?" + request.query());
        HttpResponse<InputStream> response;
        try {
            response = upstream.send(request.method(), pathAndQuery, headers, body);
        } catch (HttpTimeoutException e) {
            throw RelayException.upstreamTimeout(request.requestId(), upstream.baseUrl(), upstream.timeoutSeconds());
        } catch (IOException e) {
            throw RelayException.upstreamUnreachable(request.requestId(), upstream.baseUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RelayException.clientAborted(request.requestId(), e);
        }
        return RelayedResponse.from(response, exchange, journal, watchdog);
    }

    private byte[] readBody(ClientRequest request) {
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

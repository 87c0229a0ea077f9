package dev.tollgate.edge;

import dev.tollgate.clientauth.boundary.ClientKeyRing;
import dev.tollgate.clientauth.boundary.FailedAuthThrottle;
import dev.tollgate.clientauth.entity.AuthOutcome;
import dev.tollgate.openai.control.ChatResponseTranslator;
import dev.tollgate.relay.boundary.MessageRelay;
import dev.tollgate.relay.control.RoutingHeaders;
import dev.tollgate.relay.entity.ClientRequest;
import dev.tollgate.relay.entity.RelayException;
import dev.tollgate.routing.boundary.AccountRouter;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Lets a request into the API only with a client key valid for its train (and, in domain mode,
 * its domain). The key comes from {@code x-api-key}, else {@code Authorization: Bearer}; it is
 * checked against the in-memory key ring, so no file or database is read here. A refusal is a 401
 * in the Anthropic error shape with {@code WWW-Authenticate: Bearer}, and is journaled.
 */
@WebFilter(
        urlPatterns = {"/v1/*", "/openai/*"},
        asyncSupported = true)
public class ClientAuthFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    ClientKeyRing keyRing;

    @Inject
    AccountRouter router;

    @Inject
    MessageRelay relay;

    @Inject
    FailedAuthThrottle throttle;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!keyRing.enabled()) {
            chain.doFilter(request, response);
            return;
        }
        ClientRequest clientRequest = ClientRequests.of(request, request.getRequestURI(), false);
        String trainId;
        try {
            trainId = RoutingHeaders.trainId(clientRequest);
            RoutingHeaders.pinnedAccount(clientRequest);
            RoutingHeaders.requireValidHost(clientRequest);
        } catch (IllegalArgumentException e) {
            refuse(
                    clientRequest,
                    RelayException.invalidRequest(clientRequest.requestId(), e.getMessage()),
                    request,
                    response,
                    0);
            return;
        }
        String domainAccount = router.domainAccountName(RoutingHeaders.domain(clientRequest));
        AuthOutcome outcome = keyRing.authenticate(RoutingHeaders.clientKey(clientRequest), trainId, domainAccount);
        if (outcome.isAccepted()) {
            chain.doFilter(request, response);
            return;
        }
        RelayException refusal = new RelayException(401, outcome.refusal(), clientRequest.requestId(), null);
        refuse(clientRequest, refusal, request, response, throttle.failureDelayMillis(request.getRemoteAddr()));
    }

    private void refuse(
            ClientRequest clientRequest,
            RelayException refusal,
            HttpServletRequest request,
            HttpServletResponse response,
            long delayMillis)
            throws IOException {
        relay.refused(clientRequest, refusal);
        if (delayMillis <= 0) {
            write(refusal, response, clientRequest.path());
            return;
        }
        // answer later without holding a thread: the guesser waits, the server does not
        AsyncContext async = request.startAsync();
        async.setTimeout(delayMillis + 10_000);
        scheduler.schedule(
                () -> {
                    try {
                        write(refusal, (HttpServletResponse) async.getResponse(), clientRequest.path());
                    } catch (IOException e) {
                        // the client gave up waiting: nothing to tell it
                    } finally {
                        async.complete();
                    }
                },
                delayMillis,
                TimeUnit.MILLISECONDS);
    }

    private static void write(RelayException refusal, HttpServletResponse response, String path) throws IOException {
        // OpenAI clients read OpenAI's error shape; everyone else Anthropic's
        String error = OpenAiResource.servesOpenAiClients(path)
                ? ChatResponseTranslator.error(refusal.errorBody(), refusal.status())
                : refusal.errorBody();
        byte[] body = error.getBytes(StandardCharsets.UTF_8);
        response.setStatus(refusal.status());
        response.setContentType("application/json");
        if (refusal.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setHeader(RelayResponses.REQUEST_ID_HEADER, refusal.requestId().toString());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}

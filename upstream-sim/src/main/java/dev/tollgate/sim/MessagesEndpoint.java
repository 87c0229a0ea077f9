package dev.tollgate.sim;

import com.sun.net.httpserver.HttpExchange;
import dev.tollgate.sim.ScriptedReply.SseEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /v1/messages} and {@code POST /v1/messages/count_tokens}: authentication, validation and the
 * scripted answer, in the order the real API applies them, with the delays and failures of the
 * {@link Scenario} that the request draws.
 */
final class MessagesEndpoint {

    private final ScenarioQueue scenarios;
    private final RequestRecorder recorder;
    private final OAuthTokenEndpoint oauth;

    MessagesEndpoint(ScenarioQueue scenarios, RequestRecorder recorder, OAuthTokenEndpoint oauth) {
        this.scenarios = scenarios;
        this.recorder = recorder;
        this.oauth = oauth;
    }

    void createMessage(HttpExchange exchange, byte[] body) throws IOException {
        Scenario scenario = scenarios.next(exchange.getRequestHeaders());
        ScriptedDelay.pause(scenario.headersDelayMs());
        // authentication before a scripted error, so that a proxy which loses credentials is still caught
        CredentialCheck.requireCredentials(exchange.getRequestHeaders());
        if (oauth.isRevokedAccessToken(
                CredentialCheck.bearerToken(exchange.getRequestHeaders().getFirst("authorization")))) {
            throw ApiFailure.unauthenticated("OAuth token has been revoked.");
        }
        if (scenario.answersWithError()) {
            sendScriptedError(exchange, scenario);
            return;
        }
        MessagesRequest request = MessagesRequest.read(body, MessagesRequest.Kind.MESSAGES);
        int inputTokens = TokenEstimate.inputTokens(body);
        ScriptedReply reply = ScriptedReply.forScenario(scenario, request.firstToolName());
        String messageId = Ids.messageId();
        if (request.stream()) {
            List<SseEvent> events = reply.toEvents(messageId, request.model(), inputTokens);
            AtomicInteger sentEvents = new AtomicInteger();
            try {
                stream(exchange, scenario, events, sentEvents);
            } catch (SimulatedConnectionDrop drop) {
                throw drop;
            } catch (IOException peerGone) {
                recorder.abandoned(new AbandonedStream(
                        exchange.getRequestHeaders().getFirst("x-test-id"),
                        sentEvents.get(),
                        events.size(),
                        Instant.now()));
                throw peerGone;
            }
        } else {
            ScriptedDelay.pause(scenario.firstEventDelayMs());
            if (scenario.streamError() == Scenario.StreamError.DROP) {
                // a non-streamed request that drops hangs up before any response: the status line never comes
                throw new SimulatedConnectionDrop();
            }
            ApiResponses.sendJson(
                    exchange, 200, reply.toMessage(messageId, request.model(), inputTokens), scenario.gzip());
        }
    }

    void countTokens(HttpExchange exchange, byte[] body) throws IOException {
        Scenario scenario = scenarios.next(exchange.getRequestHeaders());
        ScriptedDelay.pause(scenario.headersDelayMs());
        // authentication before a scripted error, so that a proxy which loses credentials is still caught
        CredentialCheck.requireCredentials(exchange.getRequestHeaders());
        if (scenario.answersWithError()) {
            sendScriptedError(exchange, scenario);
            return;
        }
        MessagesRequest.read(body, MessagesRequest.Kind.COUNT_TOKENS);
        ScriptedDelay.pause(scenario.firstEventDelayMs());
        ApiResponses.sendJson(
                exchange,
                200,
                JsonFactories.BUILDERS
                        .createObjectBuilder()
                        .add("input_tokens", TokenEstimate.inputTokens(body))
                        .build(),
                scenario.gzip());
    }

    private static void sendScriptedError(HttpExchange exchange, Scenario scenario) throws IOException {
        int status = scenario.status();
        ApiResponses.sendError(exchange, status, ErrorBodies.defaultMessageFor(status), scenario.retryAfter());
    }

    /** Sends the events spaced as scripted, and injects the scenario's stream failure. */
    private static void stream(HttpExchange exchange, Scenario scenario, List<SseEvent> events, AtomicInteger sent)
            throws IOException {
        OutputStream body = ApiResponses.startEventStream(exchange);
        ScriptedDelay.pause(scenario.firstEventDelayMs());
        SseWriter sse = new SseWriter(body, scenario.crlf());
        int failAfter =
                scenario.streamError() == Scenario.StreamError.NONE ? Integer.MAX_VALUE : scenario.errorAfterEvents();
        for (SseEvent event : events) {
            if (sent.get() == failAfter) {
                break;
            }
            if (sent.get() > 0) {
                ScriptedDelay.pause(scenario.eventGapMs());
            }
            sse.send(event);
            sent.incrementAndGet();
        }
        if (scenario.streamError() != Scenario.StreamError.NONE && sent.get() > 0) {
            ScriptedDelay.pause(scenario.eventGapMs()); // the failure comes in place of the next event
        }
        switch (scenario.streamError()) {
            case ERROR -> sse.send(ScriptedReply.overloadedErrorEvent()); // then the router ends the response
            case DROP -> throw new SimulatedConnectionDrop();
            case NONE -> {
                // the stream is complete; the router ends the chunked body
            }
        }
    }
}

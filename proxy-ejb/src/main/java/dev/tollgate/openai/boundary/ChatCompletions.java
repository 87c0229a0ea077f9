package dev.tollgate.openai.boundary;

import dev.tollgate.messages.entity.Header;
import dev.tollgate.openai.control.ChatRequestTranslator;
import dev.tollgate.openai.control.ChatResponseTranslator;
import dev.tollgate.openai.entity.OpenAiRequestException;
import dev.tollgate.openai.entity.TranslatedRequest;
import dev.tollgate.relay.boundary.MessageRelay;
import dev.tollgate.relay.boundary.RelayedResponse;
import dev.tollgate.relay.entity.ClientRequest;
import dev.tollgate.relay.entity.RelayException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The OpenAI-compatible API: translates, relays through {@link MessageRelay} (so client keys,
 * routing, failover and the journal work as for native requests) and translates the answer back.
 * The journal holds the Messages request as it went upstream, under the client's path.
 */
@ApplicationScoped
public class ChatCompletions {

    /** The Messages API version translated requests speak (OpenAI clients send none). */
    static final String ANTHROPIC_VERSION = "2023-06-01";

    @Inject
    MessageRelay relay;

    @Inject
    @ConfigProperty(name = "tollgate.openai.default-max-tokens", defaultValue = "4096")
    int defaultMaxTokens;

    @Inject
    @ConfigProperty(name = "tollgate.openai.reasoning-budget.low", defaultValue = "1024")
    int lowBudget;

    @Inject
    @ConfigProperty(name = "tollgate.openai.reasoning-budget.medium", defaultValue = "4096")
    int mediumBudget;

    @Inject
    @ConfigProperty(name = "tollgate.openai.reasoning-budget.high", defaultValue = "16384")
    int highBudget;

    private ChatRequestTranslator translator;

    @PostConstruct
    void configure() {
        translator = new ChatRequestTranslator(
                defaultMaxTokens, Map.of("low", lowBudget, "medium", mediumBudget, "high", highBudget));
    }

    /**
     * @throws OpenAiRequestException for a request that cannot be translated (journaled as a 400)
     * @throws RelayException when Tollgate answers itself, as for native requests
     */
    public OpenAiAnswer complete(ClientRequest request) {
        long created = request.receivedAt().toEpochSecond();
        TranslatedRequest translated;
        try {
            translated = translator.translate(relay.readBody(request));
        } catch (OpenAiRequestException refused) {
            relay.refused(request, RelayException.invalidRequest(request.requestId(), refused.getMessage()));
            throw refused;
        } catch (RelayException refused) {
            relay.refused(request, refused);
            throw refused;
        }
        RelayedResponse relayed = relay.relay(
                request.translated("/v1/messages", upstreamHeaders(request.headers()), translated.messagesBody()));
        return new OpenAiAnswer(relayed, translated, created);
    }

    /** {@code GET /openai/v1/models}: the upstream's list in OpenAI's shape. */
    public ModelList models(ClientRequest request) {
        RelayedResponse relayed =
                relay.relay(request.translated("/v1/models", upstreamHeaders(request.headers()), null));
        String upstream = new String(relayed.body() == null ? new byte[0] : relayed.body(), StandardCharsets.UTF_8);
        return new ModelList(
                relayed.status(),
                relayed.status() == 200
                        ? ChatResponseTranslator.models(upstream)
                        : ChatResponseTranslator.error(upstream, relayed.status()));
    }

    /** The models answer: status and OpenAI-shaped JSON. */
    public record ModelList(int status, String json) {}

    /**
     * The client's headers with the Messages API version added when absent, and without OpenAI's
     * organisation and project headers, which mean nothing to the Claude API.
     */
    static List<Header> upstreamHeaders(List<Header> client) {
        List<Header> headers = new ArrayList<>();
        boolean versioned = false;
        for (Header header : client) {
            if (header.is("openai-organization") || header.is("openai-project") || header.is("content-length")) {
                continue;
            }
            versioned |= header.is("anthropic-version");
            headers.add(header);
        }
        if (!versioned) {
            headers.add(new Header("anthropic-version", ANTHROPIC_VERSION));
        }
        return headers;
    }
}

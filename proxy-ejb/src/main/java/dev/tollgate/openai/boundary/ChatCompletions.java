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
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
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

    /** The Models API's largest page. */
    static final int MODELS_PAGE = 1000;

    /** What a model id may hold: it becomes a path segment upstream, so nothing that could change the path. */
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,256}");

    private static final Logger LOG = Logger.getLogger(ChatCompletions.class.getName());

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
        } catch (RuntimeException bug) {
            // a translator bug must still end as one journal row and an error the client can read
            LOG.log(Level.SEVERE, "Translation of request " + request.requestId() + " failed", bug);
            RelayException failure = new RelayException(
                    500, "Tollgate failed to translate the request; the error is logged.", request.requestId(), bug);
            relay.refused(request, failure);
            throw failure;
        }
        RelayedResponse relayed = relay.relay(
                request.translated("/v1/messages", upstreamHeaders(request.headers()), translated.messagesBody()));
        return new OpenAiAnswer(relayed, translated, created);
    }

    /**
     * {@code GET /openai/v1/models}: the upstream's list in OpenAI's shape. OpenAI's list has no
     * pages, so Tollgate asks for the Models API's largest page (its default is 20 models).
     */
    public ModelAnswer models(ClientRequest request) {
        RelayedResponse relayed = relay.relay(
                request.translated("/v1/models?limit=" + MODELS_PAGE, upstreamHeaders(request.headers()), null));
        return translated(relayed, ChatResponseTranslator::models);
    }

    /**
     * {@code GET /openai/v1/models/{model}}: one model in OpenAI's shape (the upstream's 404 for an
     * unknown one).
     */
    public ModelAnswer model(ClientRequest request, String modelId) {
        if (!MODEL_ID.matcher(modelId).matches()) {
            RelayException refused = RelayException.invalidRequest(
                    request.requestId(), "Not a model id: letters, digits and ._:@- only.");
            relay.refused(request, refused);
            throw refused;
        }
        RelayedResponse relayed =
                relay.relay(request.translated("/v1/models/" + modelId, upstreamHeaders(request.headers()), null));
        return translated(relayed, ChatResponseTranslator::model);
    }

    private static ModelAnswer translated(RelayedResponse relayed, UnaryOperator<String> translation) {
        String upstream = new String(relayed.body() == null ? new byte[0] : relayed.body(), StandardCharsets.UTF_8);
        return new ModelAnswer(
                relayed.status(),
                relayed.status() == 200
                        ? translation.apply(upstream)
                        : ChatResponseTranslator.error(upstream, relayed.status()));
    }

    /** A Models answer: status and OpenAI-shaped JSON. */
    public record ModelAnswer(int status, String json) {}

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

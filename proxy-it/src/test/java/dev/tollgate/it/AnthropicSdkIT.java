package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK, unmodified, pointed at Tollgate. */
class AnthropicSdkIT {

    private static AnthropicClient client;

    @BeforeAll
    static void connect() {
        client = AnthropicOkHttpClient.builder()
                .baseUrl(TollgateStack.get().baseUrl())
                .apiKey(Http.CLIENT_KEY) // the SDK sends it as Authorization: Bearer
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static MessageCreateParams params() {
        return MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(64)
                .addUserMessage("Hello through Tollgate")
                .build();
    }

    @Test
    void createsAMessage() {
        Message message = client.messages().create(params());
        assertThat(message.content()).isNotEmpty();
        assertThat(message.content().get(0).asText().text()).isEqualTo("Hello from the Tollgate upstream simulator.");
        assertThat(message.usage().outputTokens()).isPositive();
    }

    @Test
    void streamsAMessage() {
        List<RawMessageStreamEvent> events;
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params())) {
            events = stream.stream().collect(Collectors.toList());
        }
        assertThat(events.get(0).isMessageStart()).isTrue();
        assertThat(events.get(events.size() - 1).isMessageStop()).isTrue();
        String text = events.stream()
                .flatMap(event -> event.contentBlockDelta().stream())
                .flatMap(delta -> delta.delta().text().stream())
                .map(textDelta -> textDelta.text())
                .collect(Collectors.joining());
        assertThat(text).isEqualTo("Hello from the Tollgate upstream simulator.");
        assertThat(events.stream()
                        .filter(RawMessageStreamEvent::isMessageDelta)
                        .findFirst()
                        .orElseThrow()
                        .asMessageDelta()
                        .usage()
                        .outputTokens())
                .isPositive();
    }
}

package dev.tollgate.openai.boundary;

import dev.tollgate.messages.control.SseTap;
import dev.tollgate.messages.entity.Header;
import dev.tollgate.openai.control.ChatResponseTranslator;
import dev.tollgate.openai.control.ChunkTranslator;
import dev.tollgate.openai.entity.TranslatedRequest;
import dev.tollgate.relay.boundary.RelayedResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The upstream's answer in OpenAI's shapes: a complete JSON body, or a Chat Completions stream
 * translated event by event while the relay passes the Messages stream through.
 */
public final class OpenAiAnswer {

    private final RelayedResponse relayed;
    private final TranslatedRequest request;
    private final long created;
    private final byte[] body;

    OpenAiAnswer(RelayedResponse relayed, TranslatedRequest request, long createdEpochSeconds) {
        this.relayed = relayed;
        this.request = request;
        this.created = createdEpochSeconds;
        this.body = relayed.isEventStream() ? null : translate(relayed);
    }

    private byte[] translate(RelayedResponse relayed) {
        String upstream = new String(relayed.body(), StandardCharsets.UTF_8);
        String translated = relayed.status() == 200
                ? ChatResponseTranslator.completion(upstream, request.responseFormatTool(), created)
                : ChatResponseTranslator.error(upstream, relayed.status());
        return translated.getBytes(StandardCharsets.UTF_8);
    }

    public int status() {
        return relayed.status();
    }

    /** The upstream's headers but its content type and length, which are the translation's now. */
    public List<Header> headers() {
        return relayed.headers().stream()
                .filter(header -> !header.is("content-type") && !header.is("content-length"))
                .toList();
    }

    public boolean isEventStream() {
        return relayed.isEventStream();
    }

    public String contentType() {
        return isEventStream() ? "text/event-stream; charset=utf-8" : "application/json";
    }

    /** The complete body of a non-streamed answer. */
    public byte[] body() {
        return body;
    }

    /**
     * Relays the stream through the translation: the relay writes the Messages events into a sink
     * that translates each as it completes and writes and flushes the chunks to the client, so a
     * client's hang-up reaches the relay (which cancels the upstream call) as before.
     */
    public void writeTo(OutputStream client) {
        ChunkTranslator chunks = new ChunkTranslator(request.includeUsage(), request.responseFormatTool(), created);
        SseTap events = new SseTap(() -> 0, 0, event -> {
            String frames = chunks.translate(event.event(), event.data());
            if (!frames.isEmpty()) {
                try {
                    client.write(frames.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        relayed.writeTo(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                try {
                    events.accept(buffer, offset, length);
                } catch (UncheckedIOException clientGone) {
                    throw clientGone.getCause();
                }
            }

            @Override
            public void flush() throws IOException {
                client.flush();
            }
        });
    }
}

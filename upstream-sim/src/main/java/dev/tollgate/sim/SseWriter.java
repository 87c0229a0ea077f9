package dev.tollgate.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes named SSE frames ({@code event: NAME}, {@code data: JSON}, blank line) and flushes each one, so
 * that every event reaches the client when it is written; a proxy that buffers a stream is caught by the
 * timing of what it passes on.
 */
final class SseWriter {

    private final OutputStream out;
    private final String lineEnd;

    /** @param crlf end lines with CRLF, as some real streams do, instead of LF */
    SseWriter(OutputStream out, boolean crlf) {
        this.out = out;
        this.lineEnd = crlf ? "\r\n" : "\n";
    }

    void send(ScriptedReply.SseEvent event) throws IOException {
        String frame = "event: " + event.name() + lineEnd + "data: " + event.data() + lineEnd + lineEnd;
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush(); // the JDK's chunked stream sends a chunk per flush
    }
}

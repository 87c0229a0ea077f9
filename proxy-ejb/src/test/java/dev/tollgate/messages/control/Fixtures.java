package dev.tollgate.messages.control;

import dev.tollgate.messages.entity.SseEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The recorded traffic of real Claude clients in the shared fixtures directory (see its README). */
public final class Fixtures {

    static final String TEXT_AND_TOOL_USE = "sse-text-and-tool-use.txt";
    static final String THINKING = "sse-thinking.txt";
    public static final String CLAUDE_CODE_REQUEST = "claude-code-2.1.197-messages-request.json";

    private Fixtures() {}

    public static Path path(String name) {
        Path directory = Path.of(System.getProperty("tollgate.fixtures.dir", "../../shared/fixtures"));
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("fixture " + file.toAbsolutePath() + " not found");
        }
        return file;
    }

    /** The SSE body of a fixture: of a recorded HTTP response, what follows the blank line after the headers. */
    static byte[] sseBody(String name) {
        try {
            String text = Files.readString(path(name), StandardCharsets.UTF_8);
            if (text.startsWith("HTTP/")) {
                // the recorded headers end with CRLF CRLF, the stream itself uses LF
                int endOfHeaders = text.indexOf("\r\n\r\n");
                text = endOfHeaders >= 0 ? text.substring(endOfHeaders + 4) : text.substring(text.indexOf("\n\n") + 2);
            }
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The events of an SSE fixture, split by hand (LF line ends, one {@code event:} and one
     * {@code data:} line per frame), independent of {@link SseTap}.
     */
    static List<SseEvent> sseEvents(String name) {
        List<SseEvent> events = new ArrayList<>();
        for (String frame : new String(sseBody(name), StandardCharsets.UTF_8).split("\n\n")) {
            String event = null;
            String data = null;
            for (String line : frame.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    data = line.substring("data: ".length());
                }
            }
            if (event != null || data != null) {
                events.add(new SseEvent(0, event, data));
            }
        }
        return events;
    }
}

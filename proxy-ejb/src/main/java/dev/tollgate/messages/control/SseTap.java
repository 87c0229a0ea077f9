package dev.tollgate.messages.control;

import dev.tollgate.messages.entity.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Splits a server-sent event stream into events as its bytes pass through the relay, without
 * holding back a single byte from the client: the relay writes and flushes first, then feeds the
 * same bytes here. Accepts LF, CRLF and CR line ends, and frames split anywhere across reads.
 *
 * <p>JSON is not parsed here; the journal does that in the background. To keep memory bounded
 * for endless streams, event data beyond {@code maxRetainedBytes} is no longer retained, except
 * for the events that carry usage and errors.
 */
public class SseTap {

    private final LongSupplier clockMillis;
    private final long maxRetainedBytes;
    private final List<SseEvent> events = new ArrayList<>();
    private final Consumer<SseEvent> listener;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastByteWasCarriageReturn;
    private String eventName;
    private StringBuilder data;
    private long retainedBytes;
    private long firstContentMillis = -1;
    private boolean truncated;
    private boolean finished;
    private boolean terminated;

    /** @param clockMillis milliseconds since the request arrived */
    public SseTap(LongSupplier clockMillis, long maxRetainedBytes) {
        this(clockMillis, maxRetainedBytes, event -> {});
    }

    /** @param listener told of each event as it completes, before it is (maybe) retained */
    public SseTap(LongSupplier clockMillis, long maxRetainedBytes, Consumer<SseEvent> listener) {
        this.clockMillis = clockMillis;
        this.maxRetainedBytes = maxRetainedBytes;
        this.listener = listener;
    }

    public void accept(byte[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = buffer[i];
            if (b == '\n') {
                if (!lastByteWasCarriageReturn) {
                    endOfLine();
                }
                lastByteWasCarriageReturn = false;
            } else if (b == '\r') {
                endOfLine();
                lastByteWasCarriageReturn = true;
            } else {
                lastByteWasCarriageReturn = false;
                if (lineLength == line.length) {
                    line = Arrays.copyOf(line, line.length * 2);
                }
                line[lineLength++] = b;
            }
        }
    }

    /** Call when the stream ended: an event not closed by a blank line still counts. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (lineLength > 0) {
            endOfLine();
        }
        dispatch();
    }

    /**
     * True when the stream ended the way a Messages stream ends: with {@code message_stop}, or
     * with an {@code error} event. Anything else means the upstream broke off.
     */
    public boolean terminated() {
        return terminated;
    }

    public List<SseEvent> events() {
        return events;
    }

    /** Milliseconds from request arrival to the first content delta, or -1 if none came. */
    public long firstContentMillis() {
        return firstContentMillis;
    }

    /** True when some event data was not retained because the stream exceeded the memory bound. */
    public boolean truncated() {
        return truncated;
    }

    private void endOfLine() {
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (line.length > 64 * 1024) {
            line = new byte[256];
        }
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.startsWith(":")) {
            return; // comment line
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0
                ? ""
                : text.substring(text.length() > colon + 1 && text.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1);
        if (field.equals("event")) {
            eventName = value;
        } else if (field.equals("data")) {
            if (data == null) {
                data = new StringBuilder(value);
            } else {
                data.append('\n').append(value);
            }
        }
    }

    private void dispatch() {
        if (data == null && eventName == null) {
            return;
        }
        long now = clockMillis.getAsLong();
        String payload = data == null ? "" : data.toString();
        if ("message_stop".equals(eventName) || "error".equals(eventName)) {
            terminated = true;
        }
        if (firstContentMillis < 0 && "content_block_delta".equals(eventName)) {
            firstContentMillis = now;
        }
        SseEvent event = new SseEvent(now, eventName, payload);
        listener.accept(event);
        boolean essential = eventName == null
                || eventName.equals("message_start")
                || eventName.equals("message_delta")
                || eventName.equals("message_stop")
                || eventName.equals("error");
        if (essential || retainedBytes + payload.length() <= maxRetainedBytes) {
            events.add(event);
            retainedBytes += payload.length();
        } else {
            truncated = true;
        }
        eventName = null;
        data = null;
    }
}

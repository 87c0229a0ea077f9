package dev.tollgate.relay.boundary;

import dev.tollgate.journal.boundary.RequestJournal;
import dev.tollgate.messages.control.ErrorBody;
import dev.tollgate.messages.control.SseTap;
import dev.tollgate.messages.entity.Header;
import dev.tollgate.relay.control.Exchange;
import dev.tollgate.relay.control.HeaderPolicy;
import dev.tollgate.relay.control.StreamWatchdog;
import dev.tollgate.relay.entity.RelayException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * The upstream's answer, ready to be passed on: status, headers, and either the complete body or a
 * stream of server-sent events that {@link #writeTo} relays as it arrives.
 */
public final class RelayedResponse {

    /** Event streams being relayed right now, for the active streams gauge. */
    private static final AtomicInteger ACTIVE_STREAMS = new AtomicInteger();

    /** Event data kept for the journal per stream; past it only usage-bearing events are kept. */
    private static final long MAX_RETAINED_EVENT_BYTES = 16L * 1024 * 1024;

    private final int status;
    private final List<Header> headers;
    private final byte[] body;
    private final InputStream eventStream;
    private final Exchange exchange;
    private final RequestJournal journal;
    private final StreamWatchdog watchdog;

    private RelayedResponse(
            int status,
            List<Header> headers,
            byte[] body,
            InputStream eventStream,
            Exchange exchange,
            RequestJournal journal,
            StreamWatchdog watchdog) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.eventStream = eventStream;
        this.exchange = exchange;
        this.journal = journal;
        this.watchdog = watchdog;
    }

    static RelayedResponse from(
            HttpResponse<InputStream> response, Exchange exchange, RequestJournal journal, StreamWatchdog watchdog) {
        String encoding = response.headers()
                .firstValue("content-encoding")
                .map(value -> value.trim().toLowerCase(Locale.ROOT))
                .orElse("identity");
        boolean decodable = encoding.equals("gzip") || encoding.equals("x-gzip") || encoding.equals("deflate");
        List<Header> headers = HeaderPolicy.forClient(response.headers(), decodable);
        exchange.answered(response.statusCode(), headers);
        boolean eventStream = response.headers()
                .firstValue("content-type")
                .map(type -> type.toLowerCase(Locale.ROOT).startsWith("text/event-stream"))
                .orElse(false);
        try {
            InputStream upstreamBody = decodable ? decoding(response.body(), encoding) : response.body();
            if (eventStream) {
                return new RelayedResponse(
                        response.statusCode(), headers, null, upstreamBody, exchange, journal, watchdog);
            }
            byte[] body;
            try (upstreamBody) {
                body = upstreamBody.readAllBytes();
            }
            exchange.responseBody(body);
            journal.record(exchange.toRecord());
            return new RelayedResponse(response.statusCode(), headers, body, null, exchange, journal, watchdog);
        } catch (IOException e) {
            closeQuietly(response.body());
            throw RelayException.upstreamBrokeOff(exchange.request().requestId(), e);
        }
    }

    /** How many event streams are being relayed to clients at this moment. */
    public static int activeStreams() {
        return ACTIVE_STREAMS.get();
    }

    public int status() {
        return status;
    }

    public List<Header> headers() {
        return headers;
    }

    public boolean isEventStream() {
        return eventStream != null;
    }

    /** The complete body of a non-streamed answer. */
    public byte[] body() {
        return body;
    }

    /**
     * Relays the event stream: each read from the upstream is written and flushed to the client at
     * once, then shown to the tap. A client that goes away cancels the upstream call (closing its
     * body aborts the exchange); an upstream that breaks off gets an {@code error} event to the
     * client, as the API itself sends one. Never throws for either: both are journaled instead.
     */
    public void writeTo(OutputStream client) {
        ACTIVE_STREAMS.incrementAndGet();
        SseTap tap = new SseTap(exchange.request()::elapsedMillis, MAX_RETAINED_EVENT_BYTES);
        byte[] buffer = new byte[8192];
        try (InputStream upstream = eventStream;
                StreamWatchdog.Watch watch = watchdog.watch(eventStream)) {
            while (true) {
                int read;
                try {
                    read = upstream.read(buffer);
                    watch.activity();
                } catch (IOException e) {
                    exchange.failed(
                            status,
                            watch.expired()
                                    ? "upstream stream broke off: silent for more than " + watchdog.idleTimeoutSeconds()
                                            + " s"
                                    : "upstream stream broke off: "
                                            + e.getClass().getSimpleName());
                    sendStreamError(client);
                    break;
                }
                if (read < 0) {
                    tap.finish();
                    if (!tap.terminated()) {
                        // a Messages stream ends with message_stop or error; an upstream that closes
                        // without either broke off, however cleanly its connection ended
                        exchange.failed(status, "upstream stream broke off before message_stop");
                        sendStreamError(client);
                    }
                    break;
                }
                try {
                    client.write(buffer, 0, read);
                    client.flush();
                } catch (IOException e) {
                    exchange.failed(RelayException.CLIENT_CLOSED_REQUEST, "client closed the connection mid-stream");
                    break;
                }
                tap.accept(buffer, 0, read);
            }
        } catch (IOException e) {
            // closing an aborted upstream body may complain; the exchange is already accounted for
        } finally {
            ACTIVE_STREAMS.decrementAndGet();
            tap.finish();
            exchange.streamed(tap.events(), tap.firstContentMillis());
            journal.record(exchange.toRecord());
        }
    }

    private void sendStreamError(OutputStream client) {
        String data = ErrorBody.render(
                "api_error",
                "The connection to the Claude API broke off mid-stream; retry the request.",
                exchange.request().requestId().toString());
        try {
            client.write(("event: error\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            client.flush();
        } catch (IOException e) {
            // the client is gone as well: nothing left to tell it
        }
    }

    private static InputStream decoding(InputStream body, String encoding) throws IOException {
        return encoding.equals("deflate") ? new InflaterInputStream(body) : new GZIPInputStream(body);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do: the exchange failed already
        }
    }
}

package dev.tollgate.sim;

import static dev.tollgate.sim.SimulatorClient.STREAM_BODY;
import static dev.tollgate.sim.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StreamingTest extends SimulatorTestBase {

    /** One SSE frame as the client received it. */
    record Frame(String event, JsonObject data) {}

    @Test
    void textStreamHasTheHeadersAndEventOrderOfTheRealApi() {
        HttpResponse<String> response = client.send(client.messages(STREAM_BODY, "x-sim-text-events", "4"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(response.headers().firstValue("request-id")).isPresent();
        List<Frame> frames = frames(response.body(), "\n");
        assertThat(frames)
                .extracting(Frame::event)
                .containsExactly(
                        "message_start",
                        "content_block_start",
                        "ping",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
        assertThat(frames)
                .allSatisfy(frame -> assertThat(frame.data().getString("type")).isEqualTo(frame.event()));
        JsonObject start = frames.get(0).data().getJsonObject("message");
        assertThat(start.getString("model")).isEqualTo("claude-sonnet-4-5");
        assertThat(start.getJsonArray("content")).isEmpty();
        assertThat(start.getJsonObject("usage").getInt("output_tokens")).isEqualTo(1);
        assertThat(start.getJsonObject("usage").getString("service_tier")).isEqualTo("standard");
        String text = frames.stream()
                .filter(frame -> frame.event().equals("content_block_delta"))
                .map(frame -> frame.data().getJsonObject("delta").getString("text"))
                .reduce("", String::concat);
        assertThat(text).isEqualTo(ScriptedReply.TEXT);
        JsonObject delta = frames.get(8).data();
        assertThat(delta.getJsonObject("delta").getString("stop_reason")).isEqualTo("end_turn");
        assertThat(delta.getJsonObject("usage").keySet())
                .containsExactly(
                        "input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "output_tokens");
        assertThat(delta.getJsonObject("usage").getInt("input_tokens")).isEqualTo(STREAM_BODY.length() / 4);
    }

    @Test
    void toolUseStreamFollowsTheRecordedFixture() {
        List<Frame> frames = frames(
                client.send(client.messages(STREAM_BODY, "x-sim-content", "tool_use", "x-sim-text-events", "2"))
                        .body(),
                "\n");

        assertThat(frames)
                .extracting(Frame::event)
                .containsExactly(
                        "message_start",
                        "content_block_start",
                        "ping",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_stop",
                        "content_block_start",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
        JsonObject toolStart = frames.get(6).data();
        assertThat(toolStart.getInt("index")).isEqualTo(1);
        assertThat(toolStart.getJsonObject("content_block").getString("name")).isEqualTo("Bash");
        assertThat(toolStart.getJsonObject("content_block").getJsonObject("input"))
                .isEmpty();
        String partialJson = frames.subList(7, 10).stream()
                .map(frame -> frame.data().getJsonObject("delta").getString("partial_json"))
                .reduce("", String::concat);
        assertThat(json(partialJson).getString("description")).isEqualTo("Print a greeting");
        assertThat(frames.get(11).data().getJsonObject("delta").getString("stop_reason"))
                .isEqualTo("tool_use");
    }

    @Test
    void scriptedToolInputIsStreamedInPiecesThatJoinToIt() {
        // JSON escapes keep the header ASCII; the simulator re-serialises the characters themselves
        String input = "{\"file_path\":\"/tmp/\\u00e9t\\u00e9-\\ud83d\\ude00.txt\"}";
        List<Frame> frames = frames(
                client.send(client.messages(
                                STREAM_BODY,
                                "x-sim-content",
                                "tool_use",
                                "x-sim-tool-name",
                                "Read",
                                "x-sim-tool-input",
                                input))
                        .body(),
                "\n");

        List<String> pieces = frames.stream()
                .filter(frame -> frame.event().equals("content_block_delta"))
                .map(frame -> frame.data().getJsonObject("delta"))
                .filter(delta -> delta.getString("type").equals("input_json_delta"))
                .map(delta -> delta.getString("partial_json"))
                .toList();
        assertThat(pieces).hasSize(3);
        assertThat(pieces.get(0)).isEmpty(); // as recorded: the first input_json_delta is empty
        assertThat(json(String.join("", pieces))).isEqualTo(json(input));
    }

    @Test
    void thinkingStreamSendsThinkingAndSignatureDeltasFirst() {
        List<Frame> frames = frames(
                client.send(client.messages(STREAM_BODY, "x-sim-content", "thinking"))
                        .body(),
                "\n");

        assertThat(frames.get(1).data().getJsonObject("content_block").getString("type"))
                .isEqualTo("thinking");
        List<String> deltaTypes = frames.stream()
                .filter(frame -> frame.event().equals("content_block_delta"))
                .map(frame -> frame.data().getJsonObject("delta").getString("type"))
                .toList();
        assertThat(deltaTypes)
                .containsExactly(
                        "thinking_delta",
                        "thinking_delta",
                        "signature_delta",
                        "text_delta",
                        "text_delta",
                        "text_delta");
    }

    @Test
    void aClientThatHangsUpMidStreamIsRecordedAsAnAbandonedStream() throws Exception {
        java.net.URL url =
                java.net.URI.create(simulator.baseUrl() + "/v1/messages").toURL();
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) url.openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("x-api-key", "sk-ant-api03-simulator-test");
        connection.setRequestProperty("content-type", "application/json");
        connection.setRequestProperty("x-test-id", "abandoned-1");
        connection.setRequestProperty("x-sim-event-gap-ms", "50");
        connection.setRequestProperty("x-sim-text-events", "100");
        connection.getOutputStream().write(STREAM_BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.io.InputStream events = connection.getInputStream();
        events.read(new byte[64]);
        connection.disconnect(); // closes the socket: the simulator's next writes fail

        long deadline = System.currentTimeMillis() + 10_000;
        while (simulator.abandonedStreams().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(simulator.abandonedStreams()).singleElement().satisfies(stream -> {
            assertThat(stream.testId()).isEqualTo("abandoned-1");
            assertThat(stream.eventsSent()).isPositive().isLessThan(stream.eventsScripted());
        });

        // a stream read to its end is not abandoned
        client.send(client.messages(STREAM_BODY, "x-sim-text-events", "3"));
        assertThat(simulator.abandonedStreams()).hasSize(1);
    }

    @Test
    void eventsArriveSpacedByTheScriptedGap() throws IOException {
        long gapMs = 40;
        List<Long> arrivalNanos = new ArrayList<>();
        HttpResponse<Stream<String>> response = client.send(
                client.messages(STREAM_BODY, "x-sim-event-gap-ms", "" + gapMs), HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            lines.filter(line -> line.startsWith("event: ")).forEach(line -> arrivalNanos.add(System.nanoTime()));
        }

        assertThat(arrivalNanos).hasSize(9);
        // measured from the second event: the first may already wait in the buffer before the test reads it,
        // every later one arrives while the test is blocked reading
        long spreadMs = TimeUnit.NANOSECONDS.toMillis(arrivalNanos.get(8) - arrivalNanos.get(1));
        assertThat(spreadMs).isGreaterThanOrEqualTo(7 * gapMs);
    }

    @Test
    void streamErrorSendsAnErrorEventAfterTheScriptedEventsAndEndsCleanly() {
        HttpResponse<String> response = client.send(
                client.messages(STREAM_BODY, "x-sim-stream-error", "error", "x-sim-error-after-events", "3"));

        List<Frame> frames = frames(response.body(), "\n");
        assertThat(frames)
                .extracting(Frame::event)
                .containsExactly("message_start", "content_block_start", "ping", "error");
        JsonObject error = frames.get(3).data();
        assertThat(error.getString("type")).isEqualTo("error");
        assertThat(error.getJsonObject("error").getString("type")).isEqualTo("overloaded_error");
        assertThat(error.getJsonObject("error").getString("message")).isEqualTo("Overloaded");
    }

    @Test
    void droppedStreamGivesTheClientAnIoException() {
        assertThatThrownBy(() -> client.send(
                        client.messages(STREAM_BODY, "x-sim-stream-error", "drop"),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void droppedNonStreamedRequestGetsNoResponseAtAll() {
        assertThatThrownBy(() -> client.send(
                        client.messages(SimulatorClient.MESSAGES_BODY, "x-sim-stream-error", "drop"),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void droppedStreamDeliversTheEventsBeforeTheDropButNeverTheLastChunk() throws IOException {
        simulator.enqueue(
                Scenario.defaults().withStreamError(Scenario.StreamError.DROP).withErrorAfterEvents(2));

        // a raw socket shows the bytes on the wire; the JDK client may discard received data once it
        // learns of the failure, which would make the events before the drop invisible
        String wire =
                rawExchange("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nx-api-key: k\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + STREAM_BODY.length() + "\r\n\r\n"
                        + STREAM_BODY);

        assertThat(wire).startsWith("HTTP/1.1 200").contains("event: message_start", "event: content_block_start");
        assertThat(wire).doesNotContain("event: ping");
        assertThat(wire).as("the terminating zero-length chunk").doesNotEndWith("0\r\n\r\n");
    }

    @Test
    void crlfScenarioEndsEveryLineWithCrlf() {
        String body =
                client.send(client.messages(STREAM_BODY, "x-sim-crlf", "true")).body();

        assertThat(body).startsWith("event: message_start\r\ndata: {").endsWith("\r\n\r\n");
        assertThat(body.replace("\r\n", "")).doesNotContain("\n");
        assertThat(frames(body, "\r\n")).hasSize(9);
    }

    @Test
    void firstEventDelayComesAfterTheHeaders() throws IOException {
        long before = System.nanoTime();
        HttpResponse<InputStream> response = client.send(
                client.messages(STREAM_BODY, "x-sim-first-event-delay-ms", "300"),
                HttpResponse.BodyHandlers.ofInputStream());
        long headersMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        try (InputStream body = response.body()) {
            body.readAllBytes();
        }
        long completeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);

        assertThat(completeMs).isGreaterThanOrEqualTo(300);
        // the status line came first, so most of the delay lies between it and the events
        assertThat(completeMs - headersMs).isGreaterThanOrEqualTo(200);
    }

    /** Sends a request on a fresh connection and returns everything received until the server closes it. */
    private static String rawExchange(String request) throws IOException {
        var received = new ByteArrayOutputStream();
        try (var socket = new Socket("127.0.0.1", simulator.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                received.write(buffer, 0, read);
            }
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    /** Splits an SSE body into its frames; each must be exactly an event line and a data line. */
    private static List<Frame> frames(String body, String lineEnd) {
        List<Frame> frames = new ArrayList<>();
        for (String block : body.split(lineEnd + lineEnd)) {
            String[] lines = block.split(lineEnd);
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            frames.add(new Frame(lines[0].substring(7), json(lines[1].substring(6))));
        }
        return frames;
    }
}

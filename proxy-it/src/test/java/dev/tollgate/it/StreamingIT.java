package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Server-sent events through Tollgate: relayed as they come, never held back, never lost on a break. */
class StreamingIT {

    record Arrival(long nanos, String line) {}

    @Test
    void eventsReachTheClientOneByOneAsTheUpstreamSendsThem() throws Exception {
        int textEvents = 6;
        long gapMillis = 250;
        String testId = Upstream.newTestId();
        HttpResponse<InputStream> response = Http.CLIENT.send(
                Http.post("/v1/messages", Http.STREAM_BODY)
                        .header("x-sim-event-gap-ms", String.valueOf(gapMillis))
                        .header("x-sim-text-events", String.valueOf(textEvents))
                        .header(Upstream.TEST_ID, testId)
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));

        List<Arrival> events = readEventLines(response.body());
        assertThat(events.stream().map(Arrival::line))
                .startsWith("event: message_start")
                .endsWith("event: message_stop")
                .contains("event: content_block_delta", "event: message_delta");
        // the simulator pauses gapMillis between events; a proxy that buffered the stream would
        // deliver them all at once at the end, so the first must arrive long before the last
        long spreadMillis =
                (events.get(events.size() - 1).nanos() - events.get(0).nanos()) / 1_000_000;
        long scriptedMillis = (events.size() - 1) * gapMillis;
        assertThat(spreadMillis).isGreaterThanOrEqualTo(scriptedMillis * 8 / 10);
        // and each consecutive pair is spread out too: no two events were glued together by a buffer
        for (int i = 1; i < events.size(); i++) {
            long pairMillis = (events.get(i).nanos() - events.get(i - 1).nanos()) / 1_000_000;
            assertThat(pairMillis).as("gap before %s", events.get(i).line()).isGreaterThanOrEqualTo(gapMillis / 2);
        }
    }

    @Test
    void theResponseHeadersComeAtOnceNotWithTheFirstEvent() throws Exception {
        long firstEventDelayMillis = 1500;
        long headersLeadMillis = headersLeadMillis(Http.post("/v1/messages", Http.STREAM_BODY)
                .header("x-sim-first-event-delay-ms", String.valueOf(firstEventDelayMillis))
                .build());
        // the simulator sends its headers, then thinks before message_start, as the API does; a
        // relay that held the headers back until the first event would show no lead at all
        assertThat(headersLeadMillis).isGreaterThanOrEqualTo(firstEventDelayMillis / 2);
    }

    /**
     * Sends a streamed request and answers how long before the stream's first line its status and
     * headers (checked: 200, event stream, Tollgate's request id) reached the client.
     */
    static long headersLeadMillis(java.net.http.HttpRequest request) throws Exception {
        HttpResponse<InputStream> response = Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long headersAt = System.nanoTime();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("x-tollgate-request-id")).isPresent();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String first = reader.readLine();
            long firstLineAt = System.nanoTime();
            assertThat(first).isNotBlank();
            while (reader.readLine() != null) {
                // read to the end, so the exchange completes and is journaled like any other
            }
            return (firstLineAt - headersAt) / 1_000_000;
        }
    }

    @Test
    void aStreamIsJournaledWithUsageFirstTokenTimeAndTheRebuiltMessage() throws Exception {
        HttpResponse<String> response = Http.send(Http.post("/v1/messages", Http.STREAM_BODY)
                .header("x-sim-first-event-delay-ms", "300")
                .header("x-sim-content", "tool_use"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("event: message_stop");

        Map<String, Object> row = JournalRows.awaitRow(
                response.headers().firstValue("x-tollgate-request-id").orElseThrow());
        assertThat(row.get("response_streaming")).isEqualTo(true);
        assertThat(row.get("response_status")).isEqualTo(200);
        assertThat((Integer) row.get("first_token_ms")).isGreaterThanOrEqualTo(300);
        assertThat((Integer) row.get("first_token_ms")).isLessThanOrEqualTo((Integer) row.get("duration_ms"));
        assertThat((Integer) row.get("output_tokens")).isPositive();
        assertThat((Integer) row.get("input_tokens")).isPositive();
        assertThat(row.get("stop_reason")).isEqualTo("tool_use");
        assertThat(row.get("tool_call_count")).isEqualTo(1);
        assertThat((String) row.get("response_body_text"))
                .contains("\"type\": \"tool_use\"")
                .contains("\"input\": {\"command\": \"echo hello-from-tool\"");
        assertThat(row.get("error")).isNull();

        // every event is also a chunk row, in order, timed at its arrival
        String requestId =
                response.headers().firstValue("x-tollgate-request-id").orElseThrow();
        long events = response.body()
                .lines()
                .filter(line -> line.startsWith("event:"))
                .count();
        assertThat(((Number) JournalRows.scalar(
                                "SELECT count(*) FROM streaming_chunks WHERE request_id = ?::uuid", requestId))
                        .longValue())
                .isEqualTo(events);
        assertThat(JournalRows.scalar(
                        "SELECT event FROM streaming_chunks WHERE request_id = ?::uuid AND chunk_index = 0", requestId))
                .isEqualTo("message_start");
        assertThat(JournalRows.scalar(
                        "SELECT data::jsonb->>'type' FROM streaming_chunks WHERE request_id = ?::uuid"
                                + " ORDER BY chunk_index DESC LIMIT 1",
                        requestId))
                .isEqualTo("message_stop");
        assertThat((Boolean) JournalRows.scalar(
                        "SELECT bool_and(c.timestamp >= r.timestamp) FROM streaming_chunks c"
                                + " JOIN api_requests r USING (request_id) WHERE request_id = ?::uuid",
                        requestId))
                .isTrue();
    }

    @Test
    void aClientThatGoesAwayEndsTheStreamAndIsJournaledAs499() throws Exception {
        long gapMillis = 400;
        int textEvents = 40; // ~17 s if it ran to the end
        String testId = Upstream.newTestId();
        HttpResponse<InputStream> response = Http.CLIENT.send(
                Http.post("/v1/messages", Http.STREAM_BODY)
                        .header("x-sim-event-gap-ms", String.valueOf(gapMillis))
                        .header("x-sim-text-events", String.valueOf(textEvents))
                        .header(Upstream.TEST_ID, testId)
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        String requestId =
                response.headers().firstValue("x-tollgate-request-id").orElseThrow();
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).isEqualTo("event: message_start");
        reader.close(); // the client hangs up after the first event

        Map<String, Object> row = JournalRows.awaitRow(requestId);
        assertThat(row.get("response_status")).isEqualTo(499);
        assertThat((String) row.get("error")).contains("client closed the connection");
        assertThat((Integer) row.get("duration_ms")).isLessThan((int) (textEvents * gapMillis));
        // and Tollgate hung up on the upstream too: the simulator could not finish the stream
        assertThat(Upstream.awaitAbandoned(testId))
                .as("the upstream call was cancelled")
                .singleElement()
                .satisfies(stream -> assertThat(stream.eventsSent()).isLessThan(stream.eventsScripted()));
    }

    @Test
    void anErrorEventAfterTheOkIsPassedOnAndJournaled() throws Exception {
        HttpResponse<String> response = Http.send(Http.post("/v1/messages", Http.STREAM_BODY)
                .header("x-sim-stream-error", "error")
                .header("x-sim-error-after-events", "3"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("event: error").contains("overloaded_error");

        Map<String, Object> row = JournalRows.awaitRow(
                response.headers().firstValue("x-tollgate-request-id").orElseThrow());
        assertThat((String) row.get("error")).contains("overloaded_error");
    }

    @Test
    void anUpstreamThatBreaksOffMidStreamGivesTheClientAnErrorEvent() throws Exception {
        HttpResponse<String> response = Http.send(Http.post("/v1/messages", Http.STREAM_BODY)
                .header("x-sim-stream-error", "drop")
                .header("x-sim-error-after-events", "3"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("event: message_start")
                .contains("event: error")
                .contains("api_error")
                .doesNotContain("event: message_stop");

        Map<String, Object> row = JournalRows.awaitRow(
                response.headers().firstValue("x-tollgate-request-id").orElseThrow());
        assertThat((String) row.get("error")).contains("upstream stream broke off");
    }

    @Test
    void anUpstreamThatFallsSilentMidStreamIsCutOffAfterTheIdleTimeout() throws Exception {
        long silenceMillis = (TollgateStack.STREAM_IDLE_TIMEOUT_SECONDS + 5) * 1000L;
        HttpResponse<String> response = Http.send(Http.post("/v1/messages", Http.STREAM_BODY)
                .header("x-sim-event-gap-ms", String.valueOf(silenceMillis))
                .header("x-sim-text-events", "1"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .startsWith("event: message_start")
                .contains("event: error")
                .doesNotContain("event: message_stop");

        Map<String, Object> row = JournalRows.awaitRow(
                response.headers().firstValue("x-tollgate-request-id").orElseThrow());
        assertThat((String) row.get("error"))
                .contains("silent for more than " + TollgateStack.STREAM_IDLE_TIMEOUT_SECONDS + " s");
    }

    private static List<Arrival> readEventLines(InputStream body) throws Exception {
        List<Arrival> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("event:")) {
                    events.add(new Arrival(System.nanoTime(), line));
                }
            }
        }
        return events;
    }
}

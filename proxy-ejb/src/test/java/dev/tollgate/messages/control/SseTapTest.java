package dev.tollgate.messages.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.messages.entity.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SseTapTest {

    private static final List<String> TEXT_AND_TOOL_USE_EVENTS = List.of(
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

    private static final long UNLIMITED = Long.MAX_VALUE;

    private static List<SseEvent> tapWhole(byte[] body) {
        SseTap tap = new SseTap(() -> 0, UNLIMITED);
        tap.accept(body, 0, body.length);
        tap.finish();
        return tap.events();
    }

    private static List<SseEvent> tapInChunks(byte[] body, int chunkSize) {
        SseTap tap = new SseTap(() -> 0, UNLIMITED);
        for (int offset = 0; offset < body.length; offset += chunkSize) {
            tap.accept(body, offset, Math.min(chunkSize, body.length - offset));
        }
        tap.finish();
        return tap.events();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void splitsTheRecordedStreamIntoItsEvents() {
        List<SseEvent> events = tapWhole(Fixtures.sseBody(Fixtures.TEXT_AND_TOOL_USE));

        assertThat(events).extracting(SseEvent::event).containsExactlyElementsOf(TEXT_AND_TOOL_USE_EVENTS);
        assertThat(events).allSatisfy(event -> assertThat(event.data())
                .startsWith("{\"type\":\"" + event.event() + "\"")
                .endsWith("}"));
        assertThat(events.get(3).data())
                .isEqualTo(
                        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Running a\"}}");
        assertThat(events.get(8).data())
                .isEqualTo("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":\"{\\\"command\\\":\\\"echo hello-from-tool\\\",\"}}");
        assertThat(events.get(12).data()).isEqualTo("{\"type\":\"message_stop\"}");
    }

    @Test
    void givesTheSameEventsAsAnIndependentSplitOfBothFixtures() {
        for (String fixture : List.of(Fixtures.TEXT_AND_TOOL_USE, Fixtures.THINKING)) {
            assertThat(tapWhole(Fixtures.sseBody(fixture))).as(fixture).isEqualTo(Fixtures.sseEvents(fixture));
        }
    }

    @Test
    void chunksOfAnySizeGiveTheSameEvents() {
        byte[] body = Fixtures.sseBody(Fixtures.TEXT_AND_TOOL_USE);
        List<SseEvent> whole = tapWhole(body);

        for (int size = 1; size <= 50; size++) {
            assertThat(tapInChunks(body, size)).as("chunks of %d bytes", size).isEqualTo(whole);
        }
    }

    @Test
    void chunksStartingAtAnOffsetIntoALargerBufferAreRead() {
        byte[] body = Fixtures.sseBody(Fixtures.THINKING);
        byte[] buffer = new byte[body.length + 20];
        java.util.Arrays.fill(buffer, (byte) '\n');
        System.arraycopy(body, 0, buffer, 10, body.length);

        SseTap cut = new SseTap(() -> 0, UNLIMITED);
        cut.accept(buffer, 10, body.length);
        cut.finish();

        assertThat(cut.events()).isEqualTo(tapWhole(body));
    }

    @Test
    void crlfLineEndsGiveTheSameEventsInAnyChunking() {
        byte[] lf = Fixtures.sseBody(Fixtures.TEXT_AND_TOOL_USE);
        byte[] crlf = bytes(text(lf).replace("\n", "\r\n"));
        List<SseEvent> expected = tapWhole(lf);

        assertThat(tapWhole(crlf)).isEqualTo(expected);
        for (int size = 1; size <= 50; size++) {
            assertThat(tapInChunks(crlf, size)).as("chunks of %d bytes", size).isEqualTo(expected);
        }
    }

    @Test
    void crOnlyLineEndsGiveTheSameEventsInAnyChunking() {
        byte[] lf = Fixtures.sseBody(Fixtures.TEXT_AND_TOOL_USE);
        byte[] cr = bytes(text(lf).replace("\n", "\r"));
        List<SseEvent> expected = tapWhole(lf);

        assertThat(tapWhole(cr)).isEqualTo(expected);
        for (int size = 1; size <= 50; size++) {
            assertThat(tapInChunks(cr, size)).as("chunks of %d bytes", size).isEqualTo(expected);
        }
    }

    @Test
    void mixedLineEndsInOneStreamAreAllUnderstood() {
        byte[] body = bytes("event: a\r\ndata: 1\r\n\r\nevent: b\ndata: 2\n\nevent: c\rdata: 3\r\r");

        assertThat(tapWhole(body))
                .containsExactly(new SseEvent(0, "a", "1"), new SseEvent(0, "b", "2"), new SseEvent(0, "c", "3"));
    }

    @Test
    void multiByteCharactersSplitAcrossChunksAreDecodedWhole() {
        String data = "{\"text\":\"Grüße, 你好 🎉\"}";
        byte[] body = bytes("event: content_block_delta\ndata: " + data + "\n\n");

        for (int size = 1; size <= 7; size++) {
            assertThat(tapInChunks(body, size)).containsExactly(new SseEvent(0, "content_block_delta", data));
        }
    }

    @Test
    void followsTheFieldSyntaxOfServerSentEvents() {
        byte[] body = bytes(
                """
                : a comment, e.g. a keep-alive
                event: multi
                data: first line
                data:second line without space
                data:  two spaces keep one
                id: 42
                retry: 1000

                data

                """);

        assertThat(tapWhole(body))
                .containsExactly(
                        new SseEvent(0, "multi", "first line\nsecond line without space\n two spaces keep one"),
                        new SseEvent(0, null, ""));
    }

    @Test
    void blankLinesAloneDispatchNothing() {
        assertThat(tapWhole(bytes("\n\n\r\n\r\r\n: only a comment\n\n"))).isEmpty();
    }

    @Test
    void veryLongLinesAreKeptWhole() {
        String longText = "x".repeat(200_000);
        byte[] body = bytes("event: content_block_delta\ndata: " + longText + "\n\nevent: message_stop\ndata: {}\n\n");

        List<SseEvent> events = tapInChunks(body, 8192);

        assertThat(events).extracting(SseEvent::event).containsExactly("content_block_delta", "message_stop");
        assertThat(events.get(0).data()).isEqualTo(longText);
        assertThat(events.get(1).data()).isEqualTo("{}");
    }

    @Test
    void eventsAndFirstContentDeltaAreTimedByTheSuppliedClock() {
        String body = text(Fixtures.sseBody(Fixtures.TEXT_AND_TOOL_USE));
        String[] frames = body.split("(?<=\n\n)");
        assertThat(frames).hasSize(TEXT_AND_TOOL_USE_EVENTS.size());
        AtomicLong clock = new AtomicLong();
        SseTap cut = new SseTap(clock::get, UNLIMITED);

        assertThat(cut.firstContentMillis()).isEqualTo(-1);
        for (int i = 0; i < frames.length; i++) {
            clock.set(100 + 10L * i);
            byte[] frame = bytes(frames[i]);
            cut.accept(frame, 0, frame.length);
            if (i == 2) {
                assertThat(cut.firstContentMillis())
                        .as("before the first delta")
                        .isEqualTo(-1);
            }
        }
        clock.set(10_000);
        cut.finish();

        // frame 3 is the first content_block_delta
        assertThat(cut.firstContentMillis()).isEqualTo(130);
        assertThat(cut.events())
                .extracting(SseEvent::offsetMillis)
                .containsExactly(100L, 110L, 120L, 130L, 140L, 150L, 160L, 170L, 180L, 190L, 200L, 210L, 220L);
    }

    @Test
    void eventIsTimedWhenItsFrameEndsNotWhenItBegins() {
        AtomicLong clock = new AtomicLong(5);
        SseTap cut = new SseTap(clock::get, UNLIMITED);

        byte[] start = bytes("event: content_block_delta\ndata: {\"type\":\"content_block_delta\"}\n");
        cut.accept(start, 0, start.length);
        clock.set(77);
        cut.accept(new byte[] {'\n'}, 0, 1);

        assertThat(cut.firstContentMillis()).isEqualTo(77);
        assertThat(cut.events()).extracting(SseEvent::offsetMillis).containsExactly(77L);
    }

    @Test
    void withoutContentDeltasThereIsNoFirstContentTime() {
        SseTap cut = new SseTap(() -> 42, UNLIMITED);
        byte[] body =
                bytes("event: message_start\ndata: {}\n\nevent: ping\ndata: {}\n\nevent: message_stop\ndata: {}\n\n");
        cut.accept(body, 0, body.length);
        cut.finish();

        assertThat(cut.firstContentMillis()).isEqualTo(-1);
        assertThat(cut.events()).hasSize(3);
    }

    @Test
    void beyondTheRetentionCapContentIsDroppedButUsageAndEndEventsAreKept() {
        byte[] body = Fixtures.sseBody(Fixtures.TEXT_AND_TOOL_USE);
        List<SseEvent> all = tapWhole(body);
        AtomicLong clock = new AtomicLong(1);
        SseTap cut = new SseTap(clock::get, 16);

        cut.accept(body, 0, body.length);
        cut.finish();

        assertThat(cut.truncated()).isTrue();
        assertThat(cut.events())
                .extracting(SseEvent::event)
                .containsExactly("message_start", "message_delta", "message_stop");
        assertThat(cut.events())
                .extracting(SseEvent::data)
                .containsExactly(
                        all.get(0).data(), all.get(11).data(), all.get(12).data());
        // the time to first token does not depend on what was retained
        assertThat(cut.firstContentMillis()).isEqualTo(1);
    }

    @Test
    void errorEventsAreKeptBeyondTheRetentionCap() {
        String error = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
        byte[] body = bytes("event: content_block_delta\ndata: " + "y".repeat(100) + "\n\n"
                + "event: content_block_delta\ndata: " + "z".repeat(100) + "\n\n"
                + "event: error\ndata: " + error + "\n\n");
        SseTap cut = new SseTap(() -> 0, 150);

        cut.accept(body, 0, body.length);
        cut.finish();

        assertThat(cut.truncated()).isTrue();
        assertThat(cut.events())
                .containsExactly(
                        new SseEvent(0, "content_block_delta", "y".repeat(100)), new SseEvent(0, "error", error));
    }

    @Test
    void withinTheRetentionCapNothingIsTruncated() {
        byte[] body = Fixtures.sseBody(Fixtures.TEXT_AND_TOOL_USE);
        SseTap cut = new SseTap(() -> 0, body.length);

        cut.accept(body, 0, body.length);
        cut.finish();

        assertThat(cut.truncated()).isFalse();
        assertThat(cut.events()).hasSize(TEXT_AND_TOOL_USE_EVENTS.size());
    }

    @Test
    void lastEventWithoutClosingBlankLineCountsAfterFinish() {
        for (String ending : List.of("", "\n", "\r\n", "\r")) {
            byte[] body = bytes(
                    "event: message_delta\ndata: {\"a\":1}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}"
                            + ending);
            SseTap cut = new SseTap(() -> 0, UNLIMITED);

            cut.accept(body, 0, body.length);
            assertThat(cut.events())
                    .as("before finish, ending %s", ending.length())
                    .hasSize(1);
            cut.finish();

            assertThat(cut.events())
                    .as("after finish, ending %s", ending.length())
                    .containsExactly(
                            new SseEvent(0, "message_delta", "{\"a\":1}"),
                            new SseEvent(0, "message_stop", "{\"type\":\"message_stop\"}"));
        }
    }

    @Test
    void finishOnACompleteStreamAddsNothing() {
        byte[] body = Fixtures.sseBody(Fixtures.THINKING);
        SseTap cut = new SseTap(() -> 0, UNLIMITED);
        cut.accept(body, 0, body.length);
        int before = cut.events().size();

        cut.finish();

        assertThat(cut.events()).hasSize(before);
    }

    @Test
    void streamEndingWithMessageStopIsTerminated() {
        byte[] body = Fixtures.sseBody(Fixtures.TEXT_AND_TOOL_USE);
        SseTap cut = new SseTap(() -> 0, UNLIMITED);

        cut.accept(body, 0, body.length);
        cut.finish();

        assertThat(cut.terminated()).isTrue();
    }

    @Test
    void streamBrokenOffBeforeMessageStopIsNotTerminated() {
        String whole = text(Fixtures.sseBody(Fixtures.TEXT_AND_TOOL_USE));
        byte[] body = bytes(whole.substring(0, whole.indexOf("event: message_delta")));
        SseTap cut = new SseTap(() -> 0, UNLIMITED);

        cut.accept(body, 0, body.length);
        cut.finish();

        assertThat(cut.terminated()).isFalse();
        assertThat(cut.events()).hasSize(11);
    }

    @Test
    void streamEndingWithAnErrorEventIsTerminated() {
        byte[] body = bytes("event: message_start\ndata: {}\n\nevent: error\ndata: "
                + "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
        SseTap cut = new SseTap(() -> 0, 0);

        cut.accept(body, 0, body.length);
        cut.finish();

        assertThat(cut.terminated()).isTrue();
    }

    @Test
    void messageStopWithoutClosingBlankLineTerminatesOnFinish() {
        byte[] body = bytes("event: message_stop\ndata: {\"type\":\"message_stop\"}\n");
        SseTap cut = new SseTap(() -> 0, UNLIMITED);

        cut.accept(body, 0, body.length);
        assertThat(cut.terminated()).isFalse();
        cut.finish();

        assertThat(cut.terminated()).isTrue();
    }

    @Test
    void finishingTwiceAddsNoEventTwice() {
        byte[] body = bytes("event: message_delta\ndata: {\"a\":1}\n\nevent: message_stop\ndata: {}");
        SseTap cut = new SseTap(() -> 0, UNLIMITED);
        cut.accept(body, 0, body.length);

        cut.finish();
        cut.finish();

        assertThat(cut.events()).extracting(SseEvent::event).containsExactly("message_delta", "message_stop");
    }
}

package dev.tollgate.journal.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.messages.entity.Header;
import dev.tollgate.messages.entity.SseEvent;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JournalRecordTest {

    @Test
    void approximateBytesCountBodiesHeadersAndEvents() {
        long bare = record(0, List.of(), List.of()).approximateBytes();
        long withBody = record(100_000, List.of(), List.of()).approximateBytes();
        long withHeaders = record(
                        0,
                        List.of(new Header("x-api-key", "****wxyz"), new Header("anthropic-version", "2023-06-01")),
                        List.of())
                .approximateBytes();
        long withEvents = record(0, List.of(), List.of(new SseEvent(1, "content_block_delta", "x".repeat(5_000))))
                .approximateBytes();

        assertThat(bare).isPositive();
        assertThat(withBody - bare).isEqualTo(100_000);
        assertThat(withHeaders - bare).isGreaterThan("x-api-key****wxyzanthropic-version2023-06-01".length());
        assertThat(withEvents - bare).isGreaterThan(5_000 + "content_block_delta".length());
    }

    private static JournalRecord record(int bodyBytes, List<Header> requestHeaders, List<SseEvent> events) {
        return new JournalRecord(
                UUID.randomUUID(),
                OffsetDateTime.now(),
                "POST",
                "/v1/messages",
                null,
                "default",
                null,
                "acc_1",
                null,
                "127.0.0.1",
                requestHeaders,
                new byte[bodyBytes],
                "claude-sonnet-4-5",
                !events.isEmpty(),
                200,
                List.of(),
                null,
                events,
                null,
                5,
                null,
                1,
                null,
                null);
    }
}

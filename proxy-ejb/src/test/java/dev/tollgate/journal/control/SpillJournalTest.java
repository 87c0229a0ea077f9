package dev.tollgate.journal.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.journal.entity.JournalRecord;
import dev.tollgate.messages.entity.Header;
import dev.tollgate.messages.entity.SseEvent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillJournalTest {

    @TempDir
    Path directory;

    @Test
    void aRecordComesBackFieldForField() throws IOException {
        JournalRecord streamed = record(
                UUID.randomUUID(), "{\"model\":\"claude-sonnet-4-5\",\"text\":\"Grüße \\u2603\"}", true, "acc_a,acc_b");
        JournalRecord plain = new JournalRecord(
                UUID.randomUUID(),
                OffsetDateTime.of(2026, 12, 1, 10, 0, 0, 123_456_789, ZoneOffset.UTC),
                "GET",
                "/v1/models",
                null,
                "default",
                null,
                null,
                null,
                null,
                List.of(),
                null,
                null,
                false,
                401,
                List.of(),
                null,
                List.of(),
                null,
                3,
                null,
                1,
                UUID.randomUUID(),
                null);

        for (JournalRecord original : List.of(streamed, plain)) {
            JournalRecord copy = SpillCodec.decode(SpillCodec.encode(original));
            assertThat(copy)
                    .usingRecursiveComparison()
                    .ignoringFields("requestBody", "responseBody")
                    .isEqualTo(original);
            assertThat(copy.requestBody()).isEqualTo(original.requestBody());
            assertThat(copy.responseBody()).isEqualTo(original.responseBody());
            assertThat(copy.receivedAt().toInstant())
                    .isEqualTo(original.receivedAt().toInstant());
        }
    }

    @Test
    void sealedSegmentsAreReadInTheOrderTheyWereWritten() throws IOException {
        List<UUID> written = new ArrayList<>();
        try (SpillJournal spill = new SpillJournal(directory)) {
            for (int group = 0; group < 3; group++) {
                List<JournalRecord> records = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    UUID id = UUID.randomUUID();
                    written.add(id);
                    records.add(record(id, "{\"n\":" + i + "}", false, null));
                }
                spill.append(records);
                spill.seal(); // a new segment for each group, as the replay attempts cause
            }
            UUID unsynced = UUID.randomUUID();
            written.add(unsynced);
            spill.appendUnsynced(record(unsynced, "{}", false, null));
            spill.sync();
            assertThat(spill.hasPending()).isTrue();
            assertThat(spill.spilledRecords()).isEqualTo(13);
        }

        // a new process finds the segments of the previous one
        SpillJournal reopened = new SpillJournal(directory);
        assertThat(reopened.hasPending()).isTrue();
        assertThat(reopened.pendingBytes()).isPositive();
        List<UUID> read = new ArrayList<>();
        for (Path segment : reopened.seal()) {
            try (SpillJournal.Reader reader = SpillJournal.read(segment)) {
                List<JournalRecord> records;
                while (!(records = reader.next(5)).isEmpty()) {
                    records.forEach(record -> read.add(record.requestId()));
                }
            }
            reopened.delete(segment);
        }
        assertThat(read).containsExactlyElementsOf(written);
        assertThat(reopened.hasPending()).isFalse();
        assertThat(Files.list(directory))
                .as("only the directory's lock is left")
                .containsExactly(directory.resolve(SpillJournal.LOCK_FILE));
    }

    @Test
    void aBacklogIsReplayedABatchAtATimeInOrderWhileRecordsAreStillAppended() throws IOException {
        List<UUID> written = new ArrayList<>();
        List<UUID> replayed = new ArrayList<>();
        try (SpillJournal spill = new SpillJournal(directory)) {
            spill.append(records(5, written));
            spill.seal();
            spill.append(records(3, written)); // the segment being written

            List<JournalRecord> batch = spill.nextToReplay(2);
            assertThat(batch).hasSize(2);
            batch.forEach(record -> replayed.add(record.requestId()));
            // appended between two batches, as the writer does with what was queued meanwhile
            spill.append(records(4, written));
            while (!(batch = spill.nextToReplay(2)).isEmpty()) {
                assertThat(batch).hasSizeLessThanOrEqualTo(2);
                batch.forEach(record -> replayed.add(record.requestId()));
            }

            assertThat(replayed).containsExactlyElementsOf(written);
            assertThat(spill.hasPending()).isFalse();
            assertThat(Files.list(directory))
                    .as("every replayed segment deleted, only the directory's lock left")
                    .containsExactly(directory.resolve(SpillJournal.LOCK_FILE));
        }
    }

    @Test
    void aBatchThatWasNotStoredIsHandedOutAgainWithItsSegmentAndTheSegmentIsKept() throws IOException {
        List<UUID> written = new ArrayList<>();
        try (SpillJournal spill = new SpillJournal(directory)) {
            spill.append(records(4, written));
            List<JournalRecord> first = spill.nextToReplay(3);

            spill.rewindReplay(); // the database refused the batch

            assertThat(spill.hasPending()).isTrue();
            List<UUID> again = new ArrayList<>();
            List<JournalRecord> batch;
            while (!(batch = spill.nextToReplay(3)).isEmpty()) {
                batch.forEach(record -> again.add(record.requestId()));
            }
            assertThat(first).extracting(JournalRecord::requestId).containsExactlyElementsOf(written.subList(0, 3));
            assertThat(again).containsExactlyElementsOf(written);
        }
    }

    private static List<JournalRecord> records(int count, List<UUID> written) {
        List<JournalRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            written.add(id);
            records.add(record(id, "{\"n\":" + written.size() + "}", false, null));
        }
        return records;
    }

    @Test
    void aFrameTornByACrashEndsTheSegmentAndEverythingBeforeItIsRead() throws IOException {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Path segment;
        try (SpillJournal spill = new SpillJournal(directory)) {
            spill.append(List.of(record(first, "{\"a\":1}", false, null), record(second, "{\"b\":2}", false, null)));
            segment = spill.seal().get(0);
        }
        long complete = Files.size(segment);
        // a third frame of which only part reached the disk
        byte[] third = SpillCodec.encode(record(UUID.randomUUID(), "{\"c\":3}", false, null));
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            file.write(java.nio.ByteBuffer.allocate(8 + 10)
                    .putInt(third.length)
                    .putInt(0)
                    .put(third, 0, 10)
                    .flip());
        }
        assertThat(Files.size(segment)).isGreaterThan(complete);

        try (SpillJournal.Reader reader = SpillJournal.read(segment)) {
            assertThat(reader.next(100)).extracting(JournalRecord::requestId).containsExactly(first, second);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void aCorruptedFrameIsNotReplayed() throws IOException {
        UUID first = UUID.randomUUID();
        Path segment;
        try (SpillJournal spill = new SpillJournal(directory)) {
            spill.append(
                    List.of(record(first, "{\"a\":1}", false, null), record(UUID.randomUUID(), "{}", false, null)));
            segment = spill.seal().get(0);
        }
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 3] ^= 0x55; // a flipped bit in the second frame
        Files.write(segment, bytes);

        try (SpillJournal.Reader reader = SpillJournal.read(segment)) {
            assertThat(reader.next(100)).extracting(JournalRecord::requestId).containsExactly(first);
        }
    }

    @Test
    void aSecondJournalOnTheSameDirectoryIsRefusedUntilTheFirstCloses() throws IOException {
        SpillJournal first = new SpillJournal(directory);

        assertThatThrownBy(() -> new SpillJournal(directory))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("in use by another Tollgate process")
                .hasMessageContaining("TOLLGATE_JOURNAL_SPILL_DIR");
        first.close();
        new SpillJournal(directory).close();
    }

    static JournalRecord record(UUID id, String body, boolean streaming, String failedOverFrom) {
        return new JournalRecord(
                id,
                OffsetDateTime.now(ZoneOffset.UTC),
                "POST",
                "/v1/messages",
                "beta=true",
                "train-1",
                "app1.example.com",
                "acc_1",
                "ab".repeat(32),
                "127.0.0.1",
                List.of(
                        new Header("x-api-key", "****wxyz"),
                        new Header("anthropic-beta", "a"),
                        new Header("anthropic-beta", "b")),
                body.getBytes(StandardCharsets.UTF_8),
                "claude-sonnet-4-5",
                streaming,
                200,
                List.of(new Header("request-id", "req_1")),
                streaming ? null : "{\"ok\":true}".getBytes(StandardCharsets.UTF_8),
                streaming
                        ? List.of(new SseEvent(5, "message_start", "{}"), new SseEvent(9, null, "x".repeat(70_000)))
                        : List.of(),
                streaming ? 7L : null,
                42,
                streaming ? "client went away" : null,
                2,
                null,
                failedOverFrom);
    }
}

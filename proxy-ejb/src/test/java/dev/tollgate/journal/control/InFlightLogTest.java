package dev.tollgate.journal.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.journal.entity.JournalRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InFlightLogTest {

    @TempDir
    Path work;

    @Test
    void segmentsWhoseRecordsAreAllDoneAreDeletedAndTheRestIsHandedOverToTheSpill() throws IOException {
        Path inFlight = work.resolve("in-flight");
        Path spill = work.resolve("spill");
        InFlightLog log = new InFlightLog(inFlight, 1); // a segment per record
        UUID finished = UUID.randomUUID();
        UUID pending = UUID.randomUUID();
        UUID last = UUID.randomUUID();
        InFlightLog.Segment finishedCopy = log.append(SpillJournalTest.record(finished, "{}", false, null));
        log.append(SpillJournalTest.record(pending, "{}", false, null));
        log.append(SpillJournalTest.record(last, "{}", true, null));
        log.done(finishedCopy);

        assertThat(log.liveSegments()).isEqualTo(2);
        assertThat(segments(inFlight)).hasSize(2);

        // as a process killed now leaves it: the next start hands the two copies to the spill journal
        SpillJournal next = new SpillJournal(spill);
        assertThat(InFlightLog.handOver(inFlight, next)).isEqualTo(2);
        assertThat(segments(inFlight)).isEmpty();
        assertThat(next.hasPending()).isTrue();
        List<UUID> replayed = new ArrayList<>();
        for (Path segment : next.seal()) {
            try (SpillJournal.Reader reader = SpillJournal.read(segment)) {
                reader.next(100).forEach(record -> replayed.add(record.requestId()));
            }
        }
        assertThat(replayed).containsExactly(pending, last);
    }

    @Test
    void aCleanStopWithEverythingDoneLeavesNothingToReplay() throws IOException {
        Path inFlight = work.resolve("in-flight");
        InFlightLog log = new InFlightLog(inFlight);
        List<InFlightLog.Segment> copies = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            copies.add(log.append(SpillJournalTest.record(UUID.randomUUID(), "{}", false, null)));
        }
        for (InFlightLog.Segment copy : copies) {
            log.done(copy);
        }
        log.close();

        assertThat(segments(inFlight)).isEmpty();
        try (SpillJournal spill = new SpillJournal(work.resolve("spill"))) {
            assertThat(InFlightLog.handOver(inFlight, spill)).isZero();
            assertThat(spill.hasPending()).isFalse();
        }
    }

    @Test
    void aStopWithRecordsNotDoneKeepsTheirCopy() throws IOException {
        Path inFlight = work.resolve("in-flight");
        InFlightLog log = new InFlightLog(inFlight);
        JournalRecord record = SpillJournalTest.record(UUID.randomUUID(), "{\"a\":1}", false, null);
        log.append(record);
        log.close();

        try (SpillJournal spill = new SpillJournal(work.resolve("spill"))) {
            assertThat(InFlightLog.handOver(inFlight, spill)).isEqualTo(1);
            try (SpillJournal.Reader reader = SpillJournal.read(spill.seal().get(0))) {
                assertThat(reader.next(10)).extracting(JournalRecord::requestId).containsExactly(record.requestId());
            }
        }
    }

    @Test
    void noDirectoryMeansNothingToHandOver() throws IOException {
        try (SpillJournal spill = new SpillJournal(work.resolve("spill"))) {
            assertThat(InFlightLog.handOver(work.resolve("never-created"), spill))
                    .isZero();
        }
    }

    private static List<Path> segments(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}

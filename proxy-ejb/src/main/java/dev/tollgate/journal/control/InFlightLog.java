package dev.tollgate.journal.control;

import dev.tollgate.journal.entity.JournalRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy on local disk of every record the journal holds in memory, so that a process killed with
 * {@code kill -9} (or by the out-of-memory killer) loses no record it had taken: the request thread
 * appends the record here before it answers the client, the writer {@linkplain #done marks} it once
 * the record is in the database or in the spill journal, and a segment whose records are all done
 * is deleted. What a killed process leaves behind is {@linkplain #handOver handed over} to the
 * spill journal at the next start and replayed like a spill (request ids already journaled are
 * skipped).
 *
 * <p>Appends are plain writes, never forced: the operating system holds them in its page cache,
 * which a killed process cannot take along. A crash of the whole machine can still lose the last
 * seconds, as it can lose what PostgreSQL had not yet flushed with {@code synchronous_commit=off}.
 * Segments use the spill journal's frames and names, so handing over is a rename.
 */
public final class InFlightLog implements AutoCloseable {

    /** Segments rotate at this size, small enough that finished ones are deleted within seconds under load. */
    static final long SEGMENT_BYTES = 8L * 1024 * 1024;

    /** One segment file and how many of its records the writer has not finished with. */
    public static final class Segment {
        private final Path path;
        private FileChannel channel;
        private long bytes;
        private int pending;

        private Segment(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }
    }

    private final Path directory;
    private final long segmentBytes;
    private Segment current;
    private int segmentCounter;
    private long liveSegments;

    public InFlightLog(Path directory) throws IOException {
        this(directory, SEGMENT_BYTES);
    }

    InFlightLog(Path directory, long segmentBytes) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.segmentBytes = segmentBytes;
    }

    /**
     * Moves the segments an earlier process left in this log's directory into the spill journal,
     * which replays them with its own. Call with the spill journal open (it owns the directory, so
     * no other live process is writing these) and before this log is opened.
     *
     * @return how many segments were moved
     */
    public static int handOver(Path inFlightDirectory, SpillJournal spill) throws IOException {
        if (!Files.isDirectory(inFlightDirectory)) {
            return 0;
        }
        List<Path> left;
        try (Stream<Path> files = Files.list(inFlightDirectory)) {
            left = files.filter(path -> path.getFileName().toString().endsWith(".spill"))
                    .sorted()
                    .toList();
        }
        List<Path> moved = new ArrayList<>();
        for (Path segment : left) {
            if (Files.size(segment) == 0) {
                Files.delete(segment);
            } else {
                Path target = spill.directory().resolve(segment.getFileName());
                Files.move(segment, target, StandardCopyOption.ATOMIC_MOVE);
                moved.add(target);
            }
        }
        spill.addPending(moved);
        return moved.size();
    }

    /** Writes the record to the current segment and returns the segment, for {@link #done}. */
    public synchronized Segment append(JournalRecord record) throws IOException {
        ByteBuffer frame = SpillJournal.frame(record);
        if (current == null || current.bytes >= segmentBytes) {
            rotate();
        }
        int length = frame.remaining();
        while (frame.hasRemaining()) {
            current.channel.write(frame);
        }
        current.bytes += length;
        current.pending++;
        return current;
    }

    /** The writer is done with a record of this segment (stored or spilled): its copy is no longer needed. */
    public synchronized void done(Segment segment) throws IOException {
        segment.pending--;
        if (segment != current) {
            deleteIfFinished(segment);
        }
    }

    /** Segment files on disk: for tests and diagnostics. */
    synchronized long liveSegments() {
        return liveSegments;
    }

    /** Closes the current segment; it is deleted if every record in it is done, else left for the next start. */
    @Override
    public synchronized void close() throws IOException {
        if (current != null) {
            Segment last = current;
            current = null;
            deleteIfFinished(last);
            if (last.channel != null) {
                last.channel.close(); // records the writer never finished with: replayed at the next start
            }
        }
    }

    private void rotate() throws IOException {
        Segment previous = current;
        // a name of the spill journal's form (journal-<millis>-<n>.spill), so that a hand-over keeps the order
        Path path = directory.resolve(
                String.format("journal-%020d-w%05d.spill", System.currentTimeMillis(), segmentCounter++ % 100_000));
        current = new Segment(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        liveSegments++;
        if (previous != null) {
            deleteIfFinished(previous);
        }
    }

    private void deleteIfFinished(Segment segment) throws IOException {
        if (segment.channel != null && segment.pending == 0) {
            segment.channel.close();
            segment.channel = null;
            Files.deleteIfExists(segment.path);
            liveSegments--;
        }
    }
}

package dev.tollgate.journal.control;

import dev.tollgate.journal.entity.JournalRecord;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The append-only local file the journal writes to when PostgreSQL cannot take its records (down,
 * too slow, or the in-memory queue full), replayed in order when the database is back.
 *
 * <p>Records go into segment files ({@code journal-<millis>-<n>.spill}) as frames of length, CRC-32
 * and {@link SpillCodec} payload. {@link #append} writes a group of records with one fsync;
 * {@link #appendUnsynced} (for request threads, which must not wait for a disk) only hands them to
 * the operating system and {@link #sync} forces them out a moment later. A crash can leave a torn
 * last frame: reading stops there, so every complete frame is replayed and nothing else.
 *
 * <p>{@link #seal} closes the segment being written and lists all segments, oldest first; the
 * caller replays each and {@link #delete}s it once its rows are committed. A crash in between
 * replays a segment twice, which is why the journal skips request ids it already holds.
 */
public class SpillJournal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SpillJournal.class.getName());
    private static final String SUFFIX = ".spill";
    static final String LOCK_FILE = "instance.lock";
    /** Segments are rotated at this size so that a long outage is replayed and deleted piece by piece. */
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;

    private final Path directory;
    private final AtomicLong spilledRecords = new AtomicLong();
    private FileChannel segment;
    private Path segmentPath;
    /** Closed segments not yet deleted, oldest first; kept in memory so checking for them costs nothing. */
    private final List<Path> sealed = new ArrayList<>();

    /** Held while this journal is open; the operating system releases it when the process dies. */
    private final FileLock ownership;

    private long segmentBytes;
    private boolean unsynced;
    private int segmentCounter;

    /** The segment being replayed and its reader: touched by the replaying thread only. */
    private Path replaying;

    private Reader replayReader;

    /**
     * @throws IOException when the directory cannot be used, or another process holds it: two
     *     instances on one spill directory would replay (and delete) each other's records
     */
    public SpillJournal(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.ownership = own(this.directory);
        try (Stream<Path> files = Files.list(this.directory)) {
            files.filter(path -> path.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .forEach(sealed::add);
        }
    }

    public Path directory() {
        return directory;
    }

    /** Writes the records and forces them to disk before returning. */
    public synchronized void append(List<JournalRecord> records) throws IOException {
        for (JournalRecord record : records) {
            write(record);
        }
        sync();
    }

    /** Writes the record without waiting for the disk; {@link #sync} makes it durable. */
    public synchronized void appendUnsynced(JournalRecord record) throws IOException {
        write(record);
    }

    public synchronized void sync() throws IOException {
        if (segment != null && unsynced) {
            segment.force(false);
            unsynced = false;
        }
    }

    /** Closes the segment being written; returns every segment on disk, oldest first. */
    public synchronized List<Path> seal() throws IOException {
        closeSegment();
        return List.copyOf(sealed);
    }

    /** Whether any segment is on disk, written by this process or left by an earlier one. */
    public synchronized boolean hasPending() throws IOException {
        return segment != null || !sealed.isEmpty();
    }

    /** Adds segments moved into the directory from elsewhere (see {@link InFlightLog#handOver}) to the pending ones. */
    synchronized void addPending(List<Path> segments) {
        sealed.addAll(segments);
        sealed.sort(null);
    }

    /** Bytes waiting in the spill journal. */
    public synchronized long pendingBytes() throws IOException {
        long bytes = segment == null ? 0 : segmentBytes;
        for (Path path : sealed) {
            bytes += Files.size(path);
        }
        return bytes;
    }

    /** Records spilled since start. */
    public long spilledRecords() {
        return spilledRecords.get();
    }

    public synchronized void delete(Path sealedSegment) throws IOException {
        Files.deleteIfExists(sealedSegment);
        sealed.remove(sealedSegment);
    }

    /**
     * The next records to replay, oldest first, at most {@code max}; empty when nothing is pending.
     * A long backlog is so replayed a batch at a time, between the writer's other work (ADR 0008).
     * The caller stores the records before it asks for more: a segment is deleted when a call finds
     * it read to the end, so only records handed out before go with it. When the segment being
     * written is all that is left, it is sealed first. One thread replays; request threads may
     * append meanwhile.
     */
    public List<JournalRecord> nextToReplay(int max) throws IOException {
        while (true) {
            if (replayReader == null) {
                replaying = oldestSegment();
                if (replaying == null) {
                    return List.of();
                }
                replayReader = read(replaying);
            }
            List<JournalRecord> records = replayReader.next(max);
            if (!records.isEmpty()) {
                return records;
            }
            rewindReplay();
            delete(replaying);
        }
    }

    /** The records handed out last were not stored: the next call reads their segment again from its start. */
    public void rewindReplay() throws IOException {
        if (replayReader != null) {
            replayReader.close();
            replayReader = null;
        }
    }

    private synchronized Path oldestSegment() throws IOException {
        if (sealed.isEmpty()) {
            closeSegment();
        }
        return sealed.isEmpty() ? null : sealed.get(0);
    }

    /** Opens a sealed segment for reading, frame by frame. */
    public static Reader read(Path sealedSegment) throws IOException {
        return new Reader(sealedSegment);
    }

    @Override
    public synchronized void close() throws IOException {
        rewindReplay();
        closeSegment();
        if (ownership.isValid()) {
            ownership.release();
            ownership.channel().close();
        }
    }

    private static FileLock own(Path directory) throws IOException {
        FileChannel lockFile =
                FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            lock = null;
        }
        if (lock == null) {
            lockFile.close();
            throw new IOException("the spill directory " + directory + " is in use by another Tollgate process (it"
                    + " holds " + LOCK_FILE + "); give every instance its own (TOLLGATE_JOURNAL_SPILL_DIR, or"
                    + " --data-dir of ./tollgate run)");
        }
        return lock;
    }

    private void write(JournalRecord record) throws IOException {
        ByteBuffer frame = frame(record);
        int length = frame.remaining();
        if (segment == null || segmentBytes >= SEGMENT_BYTES) {
            openSegment();
        }
        while (frame.hasRemaining()) {
            segment.write(frame);
        }
        segmentBytes += length;
        unsynced = true;
        spilledRecords.incrementAndGet();
    }

    /** A record as one frame of a segment: length, CRC-32, payload; ready to write. */
    static ByteBuffer frame(JournalRecord record) {
        byte[] payload = SpillCodec.encode(record);
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer frame = ByteBuffer.allocate(8 + payload.length);
        frame.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        return frame;
    }

    private void openSegment() throws IOException {
        closeSegment();
        Path path = directory.resolve(String.format(
                "journal-%020d-%06d%s", System.currentTimeMillis(), segmentCounter++ % 1_000_000, SUFFIX));
        segment = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        segmentPath = path;
        segmentBytes = 0;
        // the new file's directory entry must survive a crash too
        forceDirectory();
    }

    private void closeSegment() throws IOException {
        if (segment != null) {
            sync();
            segment.close();
            segment = null;
            sealed.add(segmentPath);
        }
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the segment's own fsync still holds its data
        }
    }

    /** Reads a segment's records in the order they were written; stops at a torn or corrupt frame. */
    public static final class Reader implements AutoCloseable {

        private final Path path;
        private final DataInputStream in;
        private long offset;
        private boolean ended;

        private Reader(Path path) throws IOException {
            this.path = path;
            InputStream file = Files.newInputStream(path);
            this.in = new DataInputStream(new BufferedInputStream(file, 1 << 16));
        }

        /** The next record, or null at the end of the segment (or at a frame a crash tore). */
        public JournalRecord next() throws IOException {
            if (ended) {
                return null;
            }
            int length;
            try {
                length = in.readInt();
            } catch (EOFException end) {
                ended = true;
                return null;
            }
            try {
                int expectedCrc = in.readInt();
                if (length < 0 || length > 512 * 1024 * 1024) {
                    return torn("impossible frame length " + length);
                }
                byte[] payload = new byte[length];
                in.readFully(payload);
                CRC32 crc = new CRC32();
                crc.update(payload);
                if ((int) crc.getValue() != expectedCrc) {
                    return torn("checksum mismatch");
                }
                offset += 8 + length;
                return SpillCodec.decode(payload);
            } catch (EOFException e) {
                return torn("incomplete last frame");
            }
        }

        private JournalRecord torn(String why) {
            ended = true;
            LOG.warning("Spill segment " + path.getFileName() + " ends in a damaged frame at byte " + offset + " ("
                    + why + "): the records before it are replayed, the damaged rest was never completely written");
            return null;
        }

        /** Up to {@code max} records; fewer (or none) at the end of the segment. */
        public List<JournalRecord> next(int max) throws IOException {
            List<JournalRecord> records = new ArrayList<>(Math.min(max, 1024));
            JournalRecord record;
            while (records.size() < max && (record = next()) != null) {
                records.add(record);
            }
            return records;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

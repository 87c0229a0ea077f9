package dev.tollgate.journal.boundary;

import dev.tollgate.conversations.control.ConversationLinker;
import dev.tollgate.conversations.control.RecentConversationIndex;
import dev.tollgate.conversations.entity.ConversationLink;
import dev.tollgate.journal.control.ApiRequestMapper;
import dev.tollgate.journal.control.BatchLinger;
import dev.tollgate.journal.control.InFlightLog;
import dev.tollgate.journal.control.QueueBudget;
import dev.tollgate.journal.control.SpillJournal;
import dev.tollgate.journal.entity.ApiRequest;
import dev.tollgate.journal.entity.CompletedRequest;
import dev.tollgate.journal.entity.JournalBatchWritten;
import dev.tollgate.journal.entity.JournalRecord;
import dev.tollgate.usage.boundary.Pricing;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes journal records from the request path and writes them in batches, losing none.
 *
 * <p>{@link #record} only offers to an in-memory queue, bounded in records and in bytes
 * ({@code queue-capacity}, {@code queue-max-bytes}); one writer thread drains it, maps the
 * records to rows and persists up to {@code batch-size} rows per transaction. A row PostgreSQL
 * refuses is stored without its bodies. When the database cannot be reached, records go to the
 * {@link SpillJournal} on local disk instead, and the writer replays that file, in order, as soon as
 * the database answers again (also after a restart). Replay skips request ids already journaled, so
 * every request is stored exactly once.
 *
 * <p>When the queue is full while the database is up, the writer is merely slower than the load: the
 * request thread then waits for room, up to {@code backpressure-wait-ms}, so that Tollgate answers no
 * faster than it journals (back-pressure, ADR 0008) instead of growing a backlog on disk without
 * bound. Only past that wait, or while the database is down, does the request thread spill.
 *
 * <p>Every record taken is also copied to the {@link InFlightLog} before the client is answered
 * (a write to the operating system's page cache), so that a process killed with {@code kill -9}
 * loses none: the next start replays what the killed one had not stored (ADR 0008).
 *
 * <p>Each record, once analysed, is also announced as a {@link CompletedRequest} event (metrics,
 * request log, quotas, alerts), with storage on or off, whether it is then stored or spilled.
 *
 * <p>A plain CDI bean: {@link #record} is called by every request thread at once and only offers to
 * the queue, which needs neither a container lock nor a transaction; the writer's transactions are
 * the {@link JournalWriter} EJB's. {@link JournalLifecycle} starts it with the deployment, after the
 * schema, and stops it before the EJBs it writes through (ADR 0011).
 */
@ApplicationScoped
public class RequestJournal {

    private static final Logger LOG = Logger.getLogger(RequestJournal.class.getName());

    @Inject
    @ConfigProperty(name = "STORAGE_ENABLED", defaultValue = "true")
    boolean storageEnabled;

    @Inject
    @ConfigProperty(name = "tollgate.journal.queue-capacity", defaultValue = "50000")
    int queueCapacity;

    /** Heap the queued records may take (their approximate size), whatever their number: 64 MiB. */
    @Inject
    @ConfigProperty(name = "tollgate.journal.queue-max-bytes", defaultValue = "67108864")
    long queueMaxBytes;

    /**
     * How long a request thread waits for room in a full queue while the database is up, before it
     * spills its record to disk; 0 spills at once (no back-pressure).
     */
    @Inject
    @ConfigProperty(name = "tollgate.journal.backpressure-wait-ms", defaultValue = "1000")
    long backPressureWaitMillis;

    @Inject
    @ConfigProperty(name = "tollgate.journal.batch-size", defaultValue = "500")
    int batchSize;

    @Inject
    @ConfigProperty(name = "tollgate.journal.flush-interval-ms", defaultValue = "50")
    long flushIntervalMillis;

    /** How long the writer waits for more records once it has one, while its batch is short ({@link BatchLinger}). */
    @Inject
    @ConfigProperty(name = "tollgate.journal.batch-linger-ms", defaultValue = "20")
    long batchLingerMillis;

    @Inject
    @ConfigProperty(name = "tollgate.journal.spill-dir", defaultValue = "./data/journal-spill")
    String spillDirectory;

    /** Whether records in memory have a copy on disk that survives {@code kill -9} ({@link InFlightLog}). */
    @Inject
    @ConfigProperty(name = "tollgate.journal.in-flight-log", defaultValue = "true")
    boolean inFlightLogEnabled;

    /** How long the writer waits at most between two attempts to reach a database that was down. */
    @Inject
    @ConfigProperty(name = "tollgate.journal.retry-max-backoff-ms", defaultValue = "5000")
    long maxBackoffMillis;

    @Inject
    @ConfigProperty(name = "tollgate.journal.streaming-chunks", defaultValue = "true")
    boolean storeStreamingChunks;

    /** Request types stored without bodies (e.g. {@code query_evaluation,quota}); default: none, all is kept. */
    @Inject
    @ConfigProperty(name = "tollgate.journal.without-bodies")
    Optional<String[]> typesStoredWithoutBodies;

    @EJB
    JournalWriter writer;

    @EJB
    Pricing pricing;

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    Event<CompletedRequest> completions;

    @Inject
    Event<JournalBatchWritten> batches;

    /** Recent requests of each conversation, so that a new turn finds its parent without a query. */
    @Inject
    @ConfigProperty(name = "tollgate.journal.conversation-index-size", defaultValue = "20000")
    int conversationIndexSize;

    private static final BatchLinger NO_LINGER = new BatchLinger(0);

    private BatchLinger linger;
    private ApiRequestMapper mapper;
    private ConversationLinker conversations;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong backPressureWaits = new AtomicLong();
    private final AtomicLong inFlightFailures = new AtomicLong();
    private BlockingQueue<JournalRecord> queue;
    /** Room in bytes, taken by a record when queued and given back when the writer is done with it. */
    private QueueBudget budget;

    private SpillJournal spill;
    private InFlightLog inFlight;
    /** Where the in-flight copy of each record the writer has not finished with is. */
    private final Map<UUID, InFlightLog.Segment> inFlightCopies = new ConcurrentHashMap<>();

    private Thread writerThread;
    private volatile boolean running;
    /** The database failed the last write: new records go to the spill journal until a replay succeeds. */
    private volatile boolean databaseDown;

    /** How many records at the head of the writer's current batch have been announced already. */
    private int announced;

    /**
     * Request ids of the records request threads spilled because the queue was full: nobody has
     * announced them, so the replay does (once). Without it their tokens never reached the quotas
     * and the metrics, and each left a quota admission behind for five hours (a soak filled the heap
     * with them). While the backlog lasts, its admissions are still held: see docs/performance.md.
     */
    private final Set<String> spilledUnannounced = ConcurrentHashMap.newKeySet();

    private volatile long lastDropAt;
    private long backoffMillis;
    private long nextReplayAt;

    @PostConstruct
    void start() {
        mapper = new ApiRequestMapper(
                storeStreamingChunks,
                pricing.calculator(),
                typesStoredWithoutBodies.map(Set::of).orElse(Set.of()));
        RecentConversationIndex index = new RecentConversationIndex(conversationIndexSize);
        conversations = new ConversationLinker(index);
        queue = new ArrayBlockingQueue<>(queueCapacity);
        if (queueMaxBytes < QueueBudget.MIN_BYTES) {
            throw new IllegalArgumentException(
                    "TOLLGATE_JOURNAL_QUEUE_MAX_BYTES (tollgate.journal.queue-max-bytes) must be" + " at least "
                            + QueueBudget.MIN_BYTES + ", not " + queueMaxBytes);
        }
        budget = new QueueBudget(queueMaxBytes);
        if (batchLingerMillis < 0) {
            throw new IllegalArgumentException("TOLLGATE_JOURNAL_BATCH_LINGER_MS (tollgate.journal.batch-linger-ms)"
                    + " must be 0 or more, not " + batchLingerMillis);
        }
        linger = new BatchLinger(batchLingerMillis);
        if (!storageEnabled) {
            LOG.warning("STORAGE_ENABLED=false: requests are relayed but not journaled");
            startWriter(this::announceUntilStopped);
            return;
        }
        try {
            Path spillPath = Path.of(spillDirectory).toAbsolutePath();
            Path inFlightPath = spillPath.resolve("in-flight");
            spill = new SpillJournal(spillPath);
            // what a killed process held is replayed with the spill (done also when the log is off now)
            int leftBehind = InFlightLog.handOver(inFlightPath, spill);
            if (leftBehind > 0) {
                LOG.warning("Journal: " + leftBehind + " in-flight segment(s) left by a process that did not stop"
                        + " cleanly; replaying the records the database does not have yet");
            }
            if (inFlightLogEnabled) {
                inFlight = new InFlightLog(inFlightPath);
            }
            if (spill.hasPending()) {
                LOG.warning("Journal spill file found in " + spill.directory() + " (" + spill.pendingBytes()
                        + " bytes): replaying it into the database");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Journal spill directory " + spillDirectory + " is not usable (tollgate.journal.spill-dir): "
                            + e.getMessage(),
                    e);
        }
        try {
            // the conversations of the last requests journaled go on after a restart
            writer.recentConversations(conversationIndexSize).forEach(known -> index.add(known, List.of(), null));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Journal: recent conversations not loaded; new turns may start new ones", e);
        }
        startWriter(this::drainUntilStopped);
    }

    private void startWriter(Runnable loop) {
        running = true;
        writerThread = threadFactory.newThread(loop);
        writerThread.setName("tollgate-journal-writer");
        writerThread.start();
    }

    /** Hands a record to the writer; never waits for the database. */
    public void record(JournalRecord record) {
        if (!storageEnabled) {
            enqueue(record); // only announced; when the queue is full, nothing is kept anyway
            return;
        }
        if (!running) {
            // shutting down: the writer is gone, the record goes straight to disk for the next start
            spillAtShutdown(record);
            return;
        }
        copyInFlight(record);
        if (enqueue(record) || awaitRoom(record)) {
            return;
        }
        // the writer is stuck or the database down: the record goes to local disk (page cache, fsync by the writer)
        try {
            spill.appendUnsynced(record);
            spilledUnannounced.add(record.requestId().toString());
            finished(record);
        } catch (IOException e) {
            inFlightCopies.remove(record.requestId()); // its in-flight copy stays, for the next start to replay
            lastDropAt = System.currentTimeMillis();
            long total = dropped.incrementAndGet();
            if (Long.bitCount(total) == 1) { // 1, 2, 4, 8...: loud but not a log flood
                LOG.log(
                        Level.SEVERE,
                        "Journal queue full and spill journal not writable: " + total + " record(s) not journaled",
                        e);
            }
        }
    }

    /** Writes the record's in-flight copy; a disk that refuses it costs the copy, never the record. */
    private void copyInFlight(JournalRecord record) {
        if (inFlight == null) {
            return;
        }
        try {
            inFlightCopies.put(record.requestId(), inFlight.append(record));
        } catch (IOException e) {
            long total = inFlightFailures.incrementAndGet();
            if (Long.bitCount(total) == 1) {
                LOG.log(
                        Level.WARNING,
                        "Journal in-flight log not writable (" + total + " record(s) without a copy that"
                                + " survives kill -9); the records themselves are kept",
                        e);
            }
        }
    }

    /** The writer is done with the record (stored, spilled or dropped): its in-flight copy can go. */
    private void finished(JournalRecord record) {
        InFlightLog.Segment segment = inFlightCopies.remove(record.requestId());
        if (segment != null) {
            try {
                inFlight.done(segment);
            } catch (IOException e) {
                LOG.log(
                        Level.FINE,
                        "Journal in-flight segment not deleted; replayed (and skipped) at the next start",
                        e);
            }
        }
    }

    /** Queues the record if there is room for it now, in records and in bytes. */
    private boolean enqueue(JournalRecord record) {
        long bytes = record.approximateBytes();
        if (!budget.tryTake(bytes)) {
            return false;
        }
        if (queue.offer(record)) {
            return true;
        }
        budget.give(bytes);
        return false;
    }

    /**
     * Back-pressure: while the database takes rows, a full queue means the writer is slower than the
     * load, and the request thread waits for it rather than spilling. While the database is down the
     * writer spills whole batches itself, so waiting would gain nothing.
     */
    private boolean awaitRoom(JournalRecord record) {
        if (databaseDown || backPressureWaitMillis <= 0) {
            return false;
        }
        backPressureWaits.incrementAndGet();
        long bytes = record.approximateBytes();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backPressureWaitMillis);
        boolean taken = false;
        try {
            taken = budget.take(bytes, backPressureWaitMillis);
            if (taken && queue.offer(record, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (taken) {
            budget.give(bytes);
        }
        return false;
    }

    private void spillAtShutdown(JournalRecord record) {
        try {
            spill.append(List.of(record));
            finished(record);
        } catch (IOException e) {
            lastDropAt = System.currentTimeMillis();
            dropped.incrementAndGet();
            LOG.log(Level.SEVERE, "Journal record " + record.requestId() + " lost at shutdown", e);
        }
    }

    public long queueDepth() {
        return queue.size();
    }

    /** Approximate heap taken by the records queued or in the writer's hands now. */
    public long queueBytes() {
        return budget.usedBytes();
    }

    /** Whether the writer thread runs (it only stops at shutdown; anything else is a fault). */
    public boolean writerAlive() {
        return writerThread != null && writerThread.isAlive();
    }

    public long writtenCount() {
        return written.get();
    }

    public long droppedCount() {
        return dropped.get();
    }

    /** How often a request thread found the queue full and waited for the writer, since start. */
    public long backPressureWaitCount() {
        return backPressureWaits.get();
    }

    /** Records that went to the spill journal since start. */
    public long spilledCount() {
        return spill == null ? 0 : spill.spilledRecords();
    }

    /** Records replayed from the spill journal into the database since start. */
    public long replayedCount() {
        return replayed.get();
    }

    /** Whether a record was lost in the last minute: neither the database nor the spill journal took it. */
    public boolean losingRecords() {
        return lastDropAt != 0 && System.currentTimeMillis() - lastDropAt < 60_000;
    }

    /** Bytes waiting in the spill journal. */
    public long spillPendingBytes() {
        try {
            return spill == null ? 0 : spill.pendingBytes();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Whether records are waiting in the spill journal (the database is or was unreachable). */
    public boolean spilling() {
        try {
            return spill != null && spill.hasPending();
        } catch (IOException e) {
            return true;
        }
    }

    /** Stops the writer; what is still queued goes to the database once, else to the spill journal. */
    @PreDestroy
    public synchronized void stop() {
        if (!running) {
            return; // stopped already: by JournalLifecycle, before the container destroys this bean
        }
        running = false;
        if (writerThread != null) {
            writerThread.interrupt();
            try {
                writerThread.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (spill == null) {
            return; // storage off
        }
        // records that were queued while the writer finished
        List<JournalRecord> late = new ArrayList<>();
        queue.drainTo(late);
        late.forEach(this::spillAtShutdown);
        try {
            spill.close();
            if (inFlight != null) {
                inFlight.close(); // empty after a clean stop, so deleted: nothing to replay
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Journal spill journal not closed cleanly", e);
        }
    }

    private void drainUntilStopped() {
        List<JournalRecord> batch = new ArrayList<>(batchSize);
        while (running) {
            try {
                // more of a backlog to replay: take what is queued without idling, then replay on
                boolean moreToReplay = replayWhenDue();
                JournalRecord first = queue.poll(moreToReplay ? 0 : flushIntervalMillis, TimeUnit.MILLISECONDS);
                spill.sync(); // what request threads spilled in the meantime becomes durable in one group
                if (first != null) {
                    batch.add(first);
                }
                if (!batch.isEmpty()) {
                    // with a backlog to replay, no linger: the replay's next batch is waiting
                    (moreToReplay ? NO_LINGER : linger).fill(queue, batch, batchSize);
                    store(batch);
                }
            } catch (InterruptedException e) {
                // stopping: handled below
            } catch (IOException | RuntimeException e) {
                // the batch is kept and tried again: a record is never dropped here
                LOG.log(Level.SEVERE, "Journal writer failed on a batch of " + batch.size() + " record(s)", e);
                pause();
            }
        }
        finishAtShutdown(batch);
    }

    /**
     * Writes a batch to the database, or to the spill journal while the database is down or has
     * records waiting in the spill (which must reach it first, to keep the order). Clears the batch
     * once its records are safe.
     */
    private void store(List<JournalRecord> batch) throws IOException {
        if (!databaseDown && !spill.hasPending()) {
            List<ApiRequest> rows = toRows(batch);
            announce(rows);
            if (writeOnce(rows)) {
                clear(batch);
                return;
            }
            backOff();
        } else {
            // conversations are linked when the records are replayed, in order: not twice
            announce(unlinkedRows(batch));
        }
        // if even the disk fails, the IOException keeps the batch in memory for the next round
        spill.append(batch);
        clear(batch);
    }

    /** The writer is done with the batch's records: they are stored, spilled or dropped. */
    private void clear(List<JournalRecord> batch) {
        batch.forEach(record -> {
            budget.give(record.approximateBytes());
            finished(record);
        });
        batch.clear();
        announced = 0;
    }

    /** Storage off: records are analysed and announced, then dropped. */
    private void announceUntilStopped() {
        List<JournalRecord> batch = new ArrayList<>(batchSize);
        while (running) {
            try {
                JournalRecord first = queue.poll(flushIntervalMillis, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                }
                queue.drainTo(batch, batchSize - batch.size());
                announce(unlinkedRows(batch));
            } catch (InterruptedException e) {
                // stopping
            } finally {
                clear(batch);
            }
        }
    }

    /**
     * Fires a {@link CompletedRequest} for each row not announced yet (a batch kept for another try
     * is not announced twice). An observer's failure is logged; it never costs a journal record.
     */
    private void announce(List<ApiRequest> rows) {
        for (int i = announced; i < rows.size(); i++) {
            announce(rows.get(i));
        }
        announced = rows.size();
    }

    /** Announces the replayed rows that request threads spilled unannounced, each once. */
    private void announceSpilledByRequestThreads(List<ApiRequest> rows) {
        if (spilledUnannounced.isEmpty()) {
            return;
        }
        for (ApiRequest row : rows) {
            if (spilledUnannounced.remove(row.requestId())) {
                announce(row);
            }
        }
    }

    private void announce(ApiRequest row) {
        try {
            completions.fire(row.completed());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An observer of completed requests failed on " + row.requestId(), e);
        }
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(maxBackoffMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Replays one batch of the spill journal when it is due, so that the queue is drained between two
     * batches of a long backlog: replaying it all at once left the queue full for as long, and every
     * request meanwhile waited the whole back-pressure wait and then spilled, which made the backlog
     * longer (ADR 0008). Due when there is a spill and its back-off has passed; returns whether more is
     * waiting.
     */
    private boolean replayWhenDue() throws IOException {
        if (System.currentTimeMillis() < nextReplayAt || !spill.hasPending()) {
            return false;
        }
        try {
            List<JournalRecord> records = spill.nextToReplay(batchSize);
            if (!records.isEmpty()) {
                List<ApiRequest> rows = newRowsOnly(toRows(records));
                announceSpilledByRequestThreads(rows);
                if (!writeOnce(rows)) {
                    spill.rewindReplay();
                    backOff();
                    return false;
                }
                replayed.addAndGet(records.size());
                // the database takes rows again: a full queue now means back-pressure, not an outage
                databaseDown = false;
                backoffMillis = 0;
                return true;
            }
        } catch (IOException e) {
            spill.rewindReplay();
            throw e;
        } catch (RuntimeException databaseFailure) {
            // the existence check itself failed: the database is still away
            spill.rewindReplay();
            LOG.log(Level.FINE, "Journal replay deferred", databaseFailure);
            backOff();
            return false;
        }
        LOG.info("Journal spill replayed into the database (" + replayed.get() + " record(s) since start)");
        databaseDown = false;
        nextReplayAt = 0;
        backoffMillis = 0;
        return false;
    }

    private void backOff() {
        databaseDown = true;
        backoffMillis = Math.min(Math.max(250, backoffMillis * 2), maxBackoffMillis);
        nextReplayAt = System.currentTimeMillis() + backoffMillis;
    }

    private List<ApiRequest> newRowsOnly(List<ApiRequest> rows) {
        Set<String> present =
                writer.alreadyJournaled(rows.stream().map(ApiRequest::requestId).toList());
        return present.isEmpty()
                ? rows
                : new ArrayList<>(rows.stream()
                        .filter(row -> !present.contains(row.requestId()))
                        .toList());
    }

    /** Shutting down: what is still queued goes to the database once, or to the spill journal. */
    private void finishAtShutdown(List<JournalRecord> batch) {
        queue.drainTo(batch);
        try {
            if (!batch.isEmpty() && (databaseDown || spill.hasPending() || !writeOnce(toRows(batch)))) {
                spill.append(batch);
                LOG.warning(batch.size() + " journal record(s) kept in the spill journal at shutdown, in "
                        + spill.directory() + "; they are replayed at the next start");
            }
            batch.forEach(this::finished);
            spill.close();
        } catch (IOException e) {
            LOG.log(Level.SEVERE, batch.size() + " journal record(s) lost at shutdown: spill journal not writable", e);
        }
    }

    private List<ApiRequest> toRows(List<JournalRecord> batch) {
        List<ApiRequest> rows = unlinkedRows(batch);
        linkConversations(rows);
        return rows;
    }

    private List<ApiRequest> unlinkedRows(List<JournalRecord> batch) {
        List<ApiRequest> rows = new ArrayList<>(batch.size());
        for (JournalRecord record : batch) {
            try {
                rows.add(mapper.toRow(record));
            } catch (RuntimeException e) {
                // whatever went wrong reading the exchange, the request itself is still recorded
                LOG.log(Level.WARNING, "Journal could not analyse request " + record.requestId(), e);
                rows.add(mapper.toBareRow(record, e));
            }
        }
        return rows;
    }

    /** Conversation columns, decided here on the writer thread in the batch's order, never on the request path. */
    private void linkConversations(List<ApiRequest> rows) {
        List<ApiRequest> calls =
                rows.stream().filter(ApiRequest::isMessagesCall).toList();
        try {
            List<ConversationLink> links = conversations.link(
                    calls.stream().map(ApiRequest::asConversationRequest).toList());
            for (int i = 0; i < calls.size(); i++) {
                calls.get(i).linked(links.get(i));
            }
        } catch (RuntimeException e) {
            // a row without conversation columns is still a complete record of the request
            LOG.log(Level.WARNING, "Journal could not link " + calls.size() + " request(s) to their conversations", e);
        }
    }

    /** @return false when the database is unreachable: none of the rows can be taken to be stored */
    private boolean writeOnce(List<ApiRequest> rows) {
        if (rows.isEmpty()) {
            return true;
        }
        try {
            long started = System.nanoTime();
            writer.persist(rows);
            written.addAndGet(rows.size());
            announceBatch(rows.size(), System.nanoTime() - started);
            return true;
        } catch (RuntimeException batchFailure) {
            LOG.log(Level.FINE, "Journal batch failed, retrying row by row", batchFailure);
        }
        for (ApiRequest row : rows) {
            if (!persistOne(row)) {
                row.withoutBodies("refused by the database");
                if (!persistOne(row)) {
                    LOG.warning("Database unavailable for the journal; records go to the spill journal");
                    return false;
                }
            }
        }
        return true;
    }

    private void announceBatch(int rows, long nanos) {
        try {
            batches.fire(new JournalBatchWritten(rows, nanos));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "An observer of journal batches failed", e);
        }
    }

    private boolean persistOne(ApiRequest row) {
        try {
            writer.persist(List.of(row));
            written.incrementAndGet();
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Journal row " + row.requestId() + " refused", e);
            return false;
        }
    }
}

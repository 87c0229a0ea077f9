package dev.tollgate.journal.boundary;

import dev.tollgate.journal.control.ApiRequestMapper;
import dev.tollgate.journal.entity.ApiRequest;
import dev.tollgate.journal.entity.JournalRecord;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes journal records from the request path and writes them in batches.
 *
 * <p>{@link #record} only offers to a bounded in-memory queue; one writer thread drains it, maps the
 * records to rows and persists up to {@code batch-size} rows per transaction. A batch that fails is
 * retried row by row, a row that PostgreSQL refuses is stored without its bodies, and while the
 * database is unreachable the writer keeps its batch and retries with back-off, so a short outage
 * loses nothing.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
// record() is called by every request thread at once: no container lock
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RequestJournal {

    private static final Logger LOG = Logger.getLogger(RequestJournal.class.getName());
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    @Inject
    @ConfigProperty(name = "STORAGE_ENABLED", defaultValue = "true")
    boolean storageEnabled;

    @Inject
    @ConfigProperty(name = "tollgate.journal.queue-capacity", defaultValue = "50000")
    int queueCapacity;

    @Inject
    @ConfigProperty(name = "tollgate.journal.batch-size", defaultValue = "500")
    int batchSize;

    @Inject
    @ConfigProperty(name = "tollgate.journal.flush-interval-ms", defaultValue = "50")
    long flushIntervalMillis;

    @EJB
    JournalWriter writer;

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    @ConfigProperty(name = "tollgate.journal.streaming-chunks", defaultValue = "true")
    boolean storeStreamingChunks;

    private ApiRequestMapper mapper;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private BlockingQueue<JournalRecord> queue;
    private Thread writerThread;
    private volatile boolean running;

    @PostConstruct
    void start() {
        mapper = new ApiRequestMapper(storeStreamingChunks);
        queue = new ArrayBlockingQueue<>(queueCapacity);
        if (!storageEnabled) {
            LOG.warning("STORAGE_ENABLED=false: requests are relayed but not journaled");
            return;
        }
        running = true;
        writerThread = threadFactory.newThread(this::drainUntilStopped);
        writerThread.setName("tollgate-journal-writer");
        writerThread.start();
    }

    /** Hands a record to the writer; never blocks. */
    public void record(JournalRecord record) {
        if (!storageEnabled) {
            return;
        }
        if (!queue.offer(record)) {
            long total = dropped.incrementAndGet();
            if (Long.bitCount(total) == 1) { // 1, 2, 4, 8...: loud but not a log flood
                LOG.severe("Journal queue full (" + queueCapacity + " records): " + total
                        + " record(s) not journaled; the database cannot keep up or is down");
            }
        }
    }

    public long queueDepth() {
        return queue.size();
    }

    public long writtenCount() {
        return written.get();
    }

    public long droppedCount() {
        return dropped.get();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (writerThread != null) {
            writerThread.interrupt();
            try {
                writerThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!queue.isEmpty()) {
            LOG.warning(queue.size() + " journal record(s) still queued at shutdown");
        }
    }

    private void drainUntilStopped() {
        List<JournalRecord> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                JournalRecord first = queue.poll(flushIntervalMillis, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                writeWithRetry(batch);
                batch.clear();
            } catch (InterruptedException e) {
                if (running) {
                    continue;
                }
                // shutting down: one last pass over what is queued, without waiting
                queue.drainTo(batch);
                if (!batch.isEmpty()) {
                    writeOnce(toRows(batch));
                }
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Journal writer failed on a batch of " + batch.size() + " record(s)", e);
                batch.clear();
            }
        }
    }

    private void writeWithRetry(List<JournalRecord> batch) throws InterruptedException {
        List<ApiRequest> rows = toRows(batch);
        long backoff = 500;
        while (!writeOnce(rows)) {
            if (!running) {
                LOG.severe(rows.size() + " journal record(s) lost: database unreachable at shutdown");
                return;
            }
            TimeUnit.MILLISECONDS.sleep(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    private List<ApiRequest> toRows(List<JournalRecord> batch) {
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

    /** @return false when the database is unreachable and the rows must be retried later */
    private boolean writeOnce(List<ApiRequest> rows) {
        try {
            writer.persist(rows);
            written.addAndGet(rows.size());
            return true;
        } catch (RuntimeException batchFailure) {
            LOG.log(Level.FINE, "Journal batch failed, retrying row by row", batchFailure);
        }
        List<ApiRequest> remaining = new ArrayList<>(rows);
        while (!remaining.isEmpty()) {
            ApiRequest row = remaining.get(0);
            if (!persistOne(row)) {
                row.withoutBodies("refused by the database");
                if (!persistOne(row)) {
                    LOG.warning(
                            "Database unavailable for the journal; " + remaining.size() + " record(s) kept for retry");
                    rows.retainAll(remaining);
                    return false;
                }
            }
            remaining.remove(0);
        }
        return true;
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

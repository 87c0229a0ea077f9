package dev.tollgate.journal.control;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * How the journal's writer fills a batch once it has a first record: it waits up to a linger for
 * more, until the batch is whole. At a few hundred requests a second a transaction per record cost
 * more CPU, Tollgate's and PostgreSQL's, than the requests themselves on the cores they share
 * (docs/performance.md); under load the queue fills a batch at once and nobody waits.
 */
public final class BatchLinger {

    private final long lingerNanos;

    /** @param lingerMillis how long at most to wait for more records; 0 takes only what is queued */
    public BatchLinger(long lingerMillis) {
        if (lingerMillis < 0) {
            throw new IllegalArgumentException("a batch linger cannot be negative: " + lingerMillis + " ms");
        }
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
    }

    /**
     * Adds to {@code batch} what is queued and what arrives within the linger, up to {@code
     * batchSize} records; returns at once when the batch is whole.
     *
     * @throws InterruptedException when the writer is stopped meanwhile; what was taken stays in the batch
     */
    public <T> void fill(BlockingQueue<T> queue, List<T> batch, int batchSize) throws InterruptedException {
        long deadline = System.nanoTime() + lingerNanos;
        queue.drainTo(batch, batchSize - batch.size());
        while (batch.size() < batchSize) {
            long left = deadline - System.nanoTime();
            T next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, batchSize - batch.size());
        }
    }
}

package dev.tollgate.journal.control;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How much memory the records waiting for the journal's writer may take, in bytes rather than in
 * records: a Claude Code request carries tens to hundreds of kilobytes of conversation, a health
 * probe a few hundred bytes, so a count alone bounds nothing (50,000 small records took 260 MB of
 * heap in issue 14's measurements; 50,000 large ones would take gigabytes).
 *
 * <p>A semaphore of kibibyte units: a record takes its size rounded up (at least one unit) when it
 * is queued and gives it back once the writer is done with it. A record larger than the whole
 * budget takes the whole budget, so it is still journaled, alone.
 */
public final class QueueBudget {

    private static final int UNIT_BYTES = 1024;

    /** The smallest budget: one unit. */
    public static final long MIN_BYTES = UNIT_BYTES;

    private final int units;
    private final Semaphore room;

    public QueueBudget(long maxBytes) {
        if (maxBytes < UNIT_BYTES) {
            throw new IllegalArgumentException(
                    "the journal queue needs at least " + UNIT_BYTES + " bytes, not " + maxBytes);
        }
        this.units = (int) Math.min(Integer.MAX_VALUE, maxBytes / UNIT_BYTES);
        this.room = new Semaphore(units);
    }

    /** Takes room for a record of this size if there is some now. */
    public boolean tryTake(long bytes) {
        return room.tryAcquire(unitsFor(bytes));
    }

    /** Takes room for a record of this size, waiting up to the given time for the writer to free some. */
    public boolean take(long bytes, long waitMillis) throws InterruptedException {
        return room.tryAcquire(unitsFor(bytes), waitMillis, TimeUnit.MILLISECONDS);
    }

    /** Gives back the room a record of this size took. */
    public void give(long bytes) {
        room.release(unitsFor(bytes));
    }

    /** Bytes taken by the records that are queued or being written now (in whole kibibytes). */
    public long usedBytes() {
        return (long) (units - room.availablePermits()) * UNIT_BYTES;
    }

    public long capacityBytes() {
        return (long) units * UNIT_BYTES;
    }

    private int unitsFor(long bytes) {
        long rounded = (Math.max(bytes, 1) + UNIT_BYTES - 1) / UNIT_BYTES;
        return (int) Math.min(units, rounded);
    }
}

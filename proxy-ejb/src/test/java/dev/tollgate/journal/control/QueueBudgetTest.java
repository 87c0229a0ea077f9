package dev.tollgate.journal.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueueBudgetTest {

    @Test
    void recordsAreQueuedUntilTheirBytesFillTheBudget() {
        QueueBudget budget = new QueueBudget(10 * 1024);

        assertThat(budget.tryTake(4 * 1024)).isTrue();
        assertThat(budget.tryTake(5 * 1024)).isTrue();
        assertThat(budget.tryTake(2 * 1024)).as("9 of 10 KiB taken").isFalse();
        assertThat(budget.tryTake(1024)).isTrue();
        assertThat(budget.usedBytes()).isEqualTo(10 * 1024);

        budget.give(5 * 1024);
        assertThat(budget.usedBytes()).isEqualTo(5 * 1024);
        assertThat(budget.tryTake(2 * 1024)).isTrue();
    }

    @Test
    void aTinyRecordStillTakesOneUnitAndGivesBackWhatItTook() {
        QueueBudget budget = new QueueBudget(2 * 1024);

        assertThat(budget.tryTake(0)).isTrue();
        assertThat(budget.tryTake(1)).isTrue();
        assertThat(budget.tryTake(1)).isFalse();
        budget.give(1);
        budget.give(0);
        assertThat(budget.usedBytes()).isZero();
    }

    @Test
    void aRecordLargerThanTheWholeBudgetGoesAlone() {
        QueueBudget budget = new QueueBudget(8 * 1024);

        assertThat(budget.tryTake(1024)).isTrue();
        assertThat(budget.tryTake(1_000_000))
                .as("waits until the queue is empty")
                .isFalse();
        budget.give(1024);
        assertThat(budget.tryTake(1_000_000)).isTrue();
        assertThat(budget.tryTake(1)).isFalse();
        budget.give(1_000_000);
        assertThat(budget.usedBytes()).isZero();
    }

    @Test
    void aWaitingRecordGetsInOnceTheWriterGivesRoomBack() throws Exception {
        QueueBudget budget = new QueueBudget(4 * 1024);
        assertThat(budget.tryTake(4 * 1024)).isTrue();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            writer.submit(() -> {
                TimeUnit.MILLISECONDS.sleep(100);
                budget.give(4 * 1024);
                return null;
            });
            assertThat(budget.take(3 * 1024, 10_000)).isTrue();
            assertThat(budget.take(2 * 1024, 50))
                    .as("only 1 KiB left, nobody gives")
                    .isFalse();
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void concurrentProducersAndAWriterNeverExceedTheBudgetAndBalanceOut() throws Exception {
        long capacity = 64 * 1024;
        QueueBudget budget = new QueueBudget(capacity);
        BlockingQueue<Long> queue = new LinkedBlockingQueue<>();
        AtomicLong queuedBytes = new AtomicLong();
        AtomicLong highest = new AtomicLong();
        int producers = 8;
        int perProducer = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(producers + 1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int seed = p;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perProducer; i++) {
                        long bytes = 1024L * (1 + (i + seed) % 7); // whole units, so the check below is exact
                        while (!budget.take(bytes, 1000)) {
                            // the writer is slow: wait again
                        }
                        highest.accumulateAndGet(queuedBytes.addAndGet(bytes), Math::max);
                        queue.put(bytes);
                    }
                    return null;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                start.await();
                for (int taken = 0; taken < producers * perProducer; taken++) {
                    long bytes = queue.take();
                    queuedBytes.addAndGet(-bytes);
                    budget.give(bytes);
                }
                return null;
            });
            start.countDown();
            for (Future<?> producer : done) {
                producer.get(60, TimeUnit.SECONDS);
            }
            writer.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(highest.get()).isLessThanOrEqualTo(capacity).isGreaterThan(capacity / 2);
        assertThat(budget.usedBytes()).isZero();
    }

    @Test
    void refusesABudgetSmallerThanOneUnit() {
        assertThatThrownBy(() -> new QueueBudget(100)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.tollgate.journal.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchLingerTest {

    private final BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
    private final List<Integer> batch = new ArrayList<>(List.of(0));
    private final ExecutorService producer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopProducer() {
        producer.shutdownNow();
    }

    @Test
    void recordsArrivingWithinTheLingerJoinTheBatchInTheirOrder() throws Exception {
        Future<?> sent = producer.submit(() -> {
            for (int i = 1; i <= 5; i++) {
                sleep(20);
                queue.add(i);
            }
        });

        new BatchLinger(60_000).fill(queue, batch, 6);

        assertThat(batch).containsExactly(0, 1, 2, 3, 4, 5);
        sent.get(1, TimeUnit.SECONDS);
    }

    @Test
    void aWholeBatchIsTakenWithoutWaitingAndTheRestStaysQueued() throws InterruptedException {
        for (int i = 1; i <= 10; i++) {
            queue.add(i);
        }

        new BatchLinger(60_000).fill(queue, batch, 4);

        assertThat(batch).containsExactly(0, 1, 2, 3);
        assertThat(queue).containsExactly(4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void withoutALingerOnlyWhatIsQueuedIsTaken() throws Exception {
        queue.add(1);
        Future<?> late = producer.submit(() -> {
            sleep(200);
            queue.add(2);
        });

        new BatchLinger(0).fill(queue, batch, 500);

        assertThat(batch).containsExactly(0, 1);
        late.get(1, TimeUnit.SECONDS);
        assertThat(queue).containsExactly(2);
    }

    @Test
    void whenNothingMoreComesTheBatchGoesAsItIsOnceTheLingerIsOver() throws InterruptedException {
        long started = System.nanoTime();

        new BatchLinger(50).fill(queue, batch, 500);

        assertThat(batch).containsExactly(0);
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void aStoppedWriterKeepsWhatItTook() throws Exception {
        queue.add(1);
        Thread writer = Thread.currentThread();
        producer.submit(() -> {
            sleep(100);
            writer.interrupt();
        });

        assertThatThrownBy(() -> new BatchLinger(60_000).fill(queue, batch, 500))
                .isInstanceOf(InterruptedException.class);
        assertThat(batch).containsExactly(0, 1);
    }

    @Test
    void aNegativeLingerIsRefused() {
        assertThatThrownBy(() -> new BatchLinger(-1)).hasMessageContaining("-1 ms");
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

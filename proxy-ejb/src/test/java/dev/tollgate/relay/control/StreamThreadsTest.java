package dev.tollgate.relay.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamThreadsTest {

    private final StreamThreads cut = new StreamThreads();
    private final CountDownLatch modelThinking = new CountDownLatch(1);

    @AfterEach
    void stop() {
        modelThinking.countDown();
        cut.stop();
    }

    private void start(int maxThreads) {
        cut.maxThreads = maxThreads;
        cut.threadFactory = new ManagedThreadFactory() {
            @Override
            public Thread newThread(Runnable runnable) {
                return new Thread(runnable, "test-stream");
            }

            @Override
            public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
                throw new UnsupportedOperationException("streams are not relayed in a fork-join pool");
            }
        };
        cut.start();
    }

    private Runnable stream(CountDownLatch started) {
        return () -> {
            started.countDown();
            try {
                modelThinking.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void everyStreamGetsAThreadOfItsOwnAtOnceUpToTheLimit() throws Exception {
        start(3);
        CountDownLatch started = new CountDownLatch(3);

        for (int i = 0; i < 3; i++) {
            assertThat(cut.tryRelay(stream(started))).isTrue();
        }

        // no queue: all three run at the same time, none waits for another to end
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cut.busy()).isEqualTo(3);
    }

    @Test
    void pastTheLimitTheCallerIsToldToRelayTheStreamItself() throws Exception {
        start(1);
        CountDownLatch started = new CountDownLatch(1);
        assertThat(cut.tryRelay(stream(started))).isTrue();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(cut.tryRelay(() -> {})).isFalse();

        modelThinking.countDown(); // the first stream ends: its thread takes the next
        CountDownLatch next = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean accepted = false;
        while (!accepted && System.nanoTime() < deadline) {
            accepted = cut.tryRelay(next::countDown);
        }
        assertThat(accepted).isTrue();
        assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
    }
}

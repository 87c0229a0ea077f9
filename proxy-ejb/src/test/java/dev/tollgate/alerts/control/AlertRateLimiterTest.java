package dev.tollgate.alerts.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AlertRateLimiterTest {

    private static final long INTERVAL = 300_000;
    private static final long T0 = 1_764_640_000_000L;

    private final AlertRateLimiter cut = new AlertRateLimiter(INTERVAL);

    @Test
    void theFirstOccurrenceGoesOutAndTheRestOfTheStormIsOnlyCounted() {
        assertThat(cut.admit("AUTH_FAILURE_SPIKE localhost", T0)).contains(new AlertRateLimiter.Pass(0, null));
        for (int i = 1; i <= 4_312; i++) {
            assertThat(cut.admit("AUTH_FAILURE_SPIKE localhost", T0 + i)).isEmpty();
        }
    }

    @Test
    void theNextMessageAfterTheIntervalSaysHowManyWereHeldBackAndSinceWhen() {
        cut.admit("k", T0);
        cut.admit("k", T0 + 1_000);
        cut.admit("k", T0 + 2_000);
        cut.admit("k", T0 + INTERVAL - 1);

        assertThat(cut.admit("k", T0 + INTERVAL))
                .contains(new AlertRateLimiter.Pass(3, Instant.ofEpochMilli(T0 + 1_000)));
        // and the count starts again
        assertThat(cut.admit("k", T0 + INTERVAL + 1)).isEmpty();
        assertThat(cut.admit("k", T0 + 2 * INTERVAL))
                .contains(new AlertRateLimiter.Pass(1, Instant.ofEpochMilli(T0 + INTERVAL + 1)));
    }

    @Test
    void aQuietIntervalLetsTheNextOneThroughWithNothingToReport() {
        cut.admit("k", T0);
        assertThat(cut.admit("k", T0 + 10 * INTERVAL)).contains(new AlertRateLimiter.Pass(0, null));
    }

    @Test
    void everyKeyHasItsOwnLimit() {
        assertThat(cut.admit("RELOGIN_REQUIRED a", T0)).isPresent();
        assertThat(cut.admit("RELOGIN_REQUIRED b", T0)).isPresent();
        assertThat(cut.admit("REFRESH_FAILED a", T0)).isPresent();
        assertThat(cut.admit("RELOGIN_REQUIRED a", T0 + 1)).isEmpty();
    }

    @Test
    void aZeroIntervalLetsEverythingThrough() {
        AlertRateLimiter unlimited = new AlertRateLimiter(0);
        assertThat(unlimited.admit("k", T0)).isPresent();
        assertThat(unlimited.admit("k", T0)).isPresent();
    }

    @Test
    void keysChosenByClientsCannotGrowTheMapWithoutEnd() {
        for (int i = 0; i < AlertRateLimiter.MAX_KEYS * 3; i++) {
            // each a new subject, each long past its interval when the map is full
            cut.admit("AUTH_FAILURE_SPIKE host-" + i, T0 + (long) i * INTERVAL);
        }
        assertThat(cut.admit("AUTH_FAILURE_SPIKE fresh", T0 + 3L * AlertRateLimiter.MAX_KEYS * INTERVAL))
                .isPresent();
    }

    @Test
    void aStormFromManyThreadsAtOnceSendsOneMessage() throws InterruptedException {
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 10_000; i++) {
            threads.execute(() -> cut.admit("storm", T0).ifPresent(pass -> admitted.incrementAndGet()));
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(admitted).hasValue(1);
        assertThat(cut.admit("storm", T0 + INTERVAL))
                .contains(new AlertRateLimiter.Pass(9_999, Instant.ofEpochMilli(T0)));
    }
}

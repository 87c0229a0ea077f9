package dev.tollgate.quotas.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.quotas.entity.Measure;
import dev.tollgate.quotas.entity.Window;
import org.junit.jupiter.api.Test;

class QuotaSlidingCounterTest {

    static final long BUCKET = 10_000;
    /** A bucket boundary, so that the arithmetic below reads plainly. */
    static final long T0 = 1_800_000_000_000L;

    final SlidingCounter cut = new SlidingCounter(BUCKET);

    @Test
    void aCountStaysInTheWindowUntilItsBucketLeavesIt() {
        cut.add(cut.bucketOf(T0 + 3_000), 1, 100);

        assertThat(cut.total(Measure.REQUESTS, Window.MINUTE, T0 + 3_000)).isEqualTo(1);
        // the minute window at t is t's bucket and the five before it
        assertThat(cut.total(Measure.REQUESTS, Window.MINUTE, T0 + 59_999)).isEqualTo(1);
        assertThat(cut.total(Measure.REQUESTS, Window.MINUTE, T0 + 60_000)).isZero();
        assertThat(cut.total(Measure.TOKENS, Window.HOUR, T0 + 3_599_999)).isEqualTo(100);
        assertThat(cut.total(Measure.TOKENS, Window.HOUR, T0 + 3_600_000)).isZero();
        assertThat(cut.total(Measure.TOKENS, Window.FIVE_HOURS, T0 + 17_999_999))
                .isEqualTo(100);
        assertThat(cut.total(Measure.TOKENS, Window.FIVE_HOURS, T0 + 18_000_000))
                .isZero();
    }

    @Test
    void retryAfterIsWhenEnoughOfTheWindowAgesOut() {
        cut.add(cut.bucketOf(T0), 2, 0);
        cut.add(cut.bucketOf(T0 + 20_000), 1, 0);
        long now = T0 + 45_500;
        assertThat(cut.total(Measure.REQUESTS, Window.MINUTE, now)).isEqualTo(3);

        // limit 3: one request must leave; the first bucket's two leave at T0 + 60 s
        assertThat(cut.secondsUntilBelow(Measure.REQUESTS, Window.MINUTE, 3, now))
                .isEqualTo(15);
        // limit 1: all three must leave, the last at T0 + 80 s
        assertThat(cut.secondsUntilBelow(Measure.REQUESTS, Window.MINUTE, 1, now))
                .isEqualTo(35);
        // not reached: at least a second
        assertThat(cut.secondsUntilBelow(Measure.REQUESTS, Window.MINUTE, 10, now))
                .isEqualTo(1);
    }

    @Test
    void retryAfterRoundsUpToWholeSeconds() {
        cut.add(cut.bucketOf(T0), 1, 0);
        assertThat(cut.secondsUntilBelow(Measure.REQUESTS, Window.MINUTE, 1, T0 + 100))
                .isEqualTo(60);
        assertThat(cut.secondsUntilBelow(Measure.REQUESTS, Window.MINUTE, 1, T0 + 59_001))
                .isEqualTo(1);
    }

    @Test
    void countsOnlyWhatIsInItsCurrentBucketWhenTheRingComesRound() {
        cut.add(cut.bucketOf(T0), 5, 0);
        long fiveHoursLater = T0 + Window.FIVE_HOURS.length().toMillis();
        cut.add(cut.bucketOf(fiveHoursLater), 1, 0); // the same slot of the ring

        assertThat(cut.total(Measure.REQUESTS, Window.FIVE_HOURS, fiveHoursLater))
                .isEqualTo(1);
        cut.add(cut.bucketOf(T0), 5, 0); // too old now: ignored, not added to the new bucket
        assertThat(cut.total(Measure.REQUESTS, Window.FIVE_HOURS, fiveHoursLater))
                .isEqualTo(1);
    }

    @Test
    void negativeAmountsTakeBack() {
        long bucket = cut.bucketOf(T0);
        cut.add(bucket, 2, 0);
        cut.add(bucket, -1, 0);
        assertThat(cut.total(Measure.REQUESTS, Window.MINUTE, T0)).isEqualTo(1);
    }

    @Test
    void isIdleOnceNothingIsLeftInTheLongestWindow() {
        cut.add(cut.bucketOf(T0), 1, 0);
        assertThat(cut.idleAt(T0 + 17_999_999)).isFalse();
        assertThat(cut.idleAt(T0 + 18_000_000)).isTrue();
    }

    @Test
    void aBucketMustDivideAMinute() {
        assertThatThrownBy(() -> new SlidingCounter(7_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlidingCounter(500)).isInstanceOf(IllegalArgumentException.class);
        new SlidingCounter(60_000);
        new SlidingCounter(1_000);
    }

    @Test
    void olderBucketsCanStillBeAddedToInOrder() {
        cut.add(cut.bucketOf(T0 + 30_000), 1, 0);
        cut.add(cut.bucketOf(T0 + 10_000), 1, 0); // e.g. tokens of a request that finished a bucket ago
        cut.add(cut.bucketOf(T0), 1, 0);
        cut.add(cut.bucketOf(T0 + 20_000), 1, 0);

        assertThat(cut.total(Measure.REQUESTS, Window.MINUTE, T0 + 30_000)).isEqualTo(4);
        // they leave one bucket at a time, oldest first
        assertThat(cut.total(Measure.REQUESTS, Window.MINUTE, T0 + 60_000)).isEqualTo(3);
        assertThat(cut.total(Measure.REQUESTS, Window.MINUTE, T0 + 70_000)).isEqualTo(2);
        assertThat(cut.secondsUntilBelow(Measure.REQUESTS, Window.MINUTE, 3, T0 + 30_000))
                .isEqualTo(40);
    }

    /** Against the plainest model: every amount with its bucket in a list, summed per window. */
    @Test
    void agreesWithAPlainListOfEveryAmountOverFiveHoursOfTraffic() {
        java.util.Random random = new java.util.Random(42);
        java.util.List<long[]> model = new java.util.ArrayList<>();
        long now = T0;
        for (int step = 0; step < 20_000; step++) {
            now += random.nextInt(3_000);
            long at = now - (random.nextInt(10) == 0 ? random.nextInt(120_000) : 0); // some late arrivals
            long tokens = random.nextInt(5_000);
            cut.add(cut.bucketOf(at), 1, tokens);
            if (cut.bucketOf(at) > cut.bucketOf(now) - 1800) {
                model.add(new long[] {cut.bucketOf(at), 1, tokens});
            }
            if (step % 997 == 0) {
                for (Window window : Window.values()) {
                    long first = cut.bucketOf(now) - window.length().toMillis() / BUCKET + 1;
                    long requests = 0;
                    long tokenSum = 0;
                    for (long[] entry : model) {
                        if (entry[0] >= first && entry[0] <= cut.bucketOf(now)) {
                            requests += entry[1];
                            tokenSum += entry[2];
                        }
                    }
                    assertThat(cut.total(Measure.REQUESTS, window, now))
                            .as("requests per %s at step %d", window, step)
                            .isEqualTo(requests);
                    assertThat(cut.total(Measure.TOKENS, window, now)).isEqualTo(tokenSum);
                }
            }
        }
    }
}

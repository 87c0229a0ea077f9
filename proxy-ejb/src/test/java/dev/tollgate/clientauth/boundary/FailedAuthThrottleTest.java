package dev.tollgate.clientauth.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailedAuthThrottleTest {

    FailedAuthThrottle cut() {
        FailedAuthThrottle throttle = new FailedAuthThrottle();
        throttle.failuresBeforeDelay = 3;
        throttle.maxDelayMillis = 2000;
        return throttle;
    }

    @Test
    void theFirstFailuresAreAnsweredAtOnceThenEverLaterUpToTheCap() {
        FailedAuthThrottle cut = cut();
        assertThat(cut.failureDelayMillis("10.0.0.1")).isZero();
        assertThat(cut.failureDelayMillis("10.0.0.1")).isZero();
        assertThat(cut.failureDelayMillis("10.0.0.1")).isZero();
        assertThat(cut.failureDelayMillis("10.0.0.1")).isEqualTo(250);
        assertThat(cut.failureDelayMillis("10.0.0.1")).isEqualTo(500);
        assertThat(cut.failureDelayMillis("10.0.0.1")).isEqualTo(1000);
        assertThat(cut.failureDelayMillis("10.0.0.1")).isEqualTo(2000);
        assertThat(cut.failureDelayMillis("10.0.0.1")).isEqualTo(2000);
    }

    @Test
    void addressesAreCountedApart() {
        FailedAuthThrottle cut = cut();
        for (int i = 0; i < 10; i++) {
            cut.failureDelayMillis("10.0.0.1");
        }
        assertThat(cut.failureDelayMillis("10.0.0.2")).isZero();
    }

    @Test
    void requestsWithoutAnAddressShareOneWindowInsteadOfFailing() {
        FailedAuthThrottle cut = cut();
        for (int i = 0; i < 3; i++) {
            assertThat(cut.failureDelayMillis(null)).isZero();
        }
        assertThat(cut.failureDelayMillis("")).isEqualTo(250);
    }
}

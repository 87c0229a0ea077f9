package dev.tollgate.alerts.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureSpikeDetectorTest {

    private static final long T0 = 1_764_640_000_000L;

    private final FailureSpikeDetector cut = new FailureSpikeDetector(20, 60_000);

    @Test
    void twentyFailuresAreNoSpikeTheTwentyFirstIsAndEveryOneAfterIt() {
        for (int i = 0; i < 20; i++) {
            assertThat(cut.failed("localhost", T0 + i)).as("failure %d", i + 1).isFalse();
        }
        assertThat(cut.failed("localhost", T0 + 20)).isTrue();
        assertThat(cut.failed("localhost", T0 + 21)).isTrue();
    }

    @Test
    void failuresSpreadWiderThanTheWindowAreNoSpike() {
        // one every 3 s: 20 in any minute, never 21
        for (int i = 0; i < 200; i++) {
            assertThat(cut.failed("localhost", T0 + i * 3_000L)).isFalse();
        }
    }

    @Test
    void theSpikeEndsWhenTheWindowHasMovedOn() {
        for (int i = 0; i <= 20; i++) {
            cut.failed("localhost", T0);
        }
        assertThat(cut.failed("localhost", T0 + 1)).isTrue();
        assertThat(cut.failed("localhost", T0 + 60_001)).isFalse();
    }

    @Test
    void subjectsAreCountedApart() {
        for (int i = 0; i < 20; i++) {
            cut.failed("a.example.com", T0);
            cut.failed("b.example.com", T0);
        }
        assertThat(cut.failed("c.example.com", T0)).isFalse();
        assertThat(cut.failed("a.example.com", T0)).isTrue();
    }

    @Test
    void aThresholdOfZeroMakesEveryFailureASpike() {
        assertThat(new FailureSpikeDetector(0, 1_000).failed("x", T0)).isTrue();
    }

    @Test
    void hostileHostNamesCannotGrowTheMapWithoutEnd() {
        for (int i = 0; i < FailureSpikeDetector.MAX_SUBJECTS + 5_000; i++) {
            cut.failed("host-" + i + ".example", T0);
        }
        // beyond the limit, the new ones are counted together and still make a spike
        for (int i = 0; i < 20; i++) {
            cut.failed("late-" + i + ".example", T0);
        }
        assertThat(cut.failed("late-last.example", T0)).isTrue();
    }
}

package dev.tollgate.dashboard.stats.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeWindowTest {

    private static final Instant NOW = Instant.parse("2026-12-01T21:47:13Z");

    @Test
    void bucketsGrowWithTheWindowSoAChartKeepsAReadableNumberOfPoints() {
        assertThat(TimeWindow.lastHours(1, NOW).bucket()).isEqualTo(Duration.ofMinutes(5));
        assertThat(TimeWindow.lastHours(24, NOW).bucket()).isEqualTo(Duration.ofHours(1));
        assertThat(TimeWindow.lastHours(24 * 7, NOW).bucket()).isEqualTo(Duration.ofHours(6));
        assertThat(TimeWindow.lastHours(24 * 30, NOW).bucket()).isEqualTo(Duration.ofDays(1));
        assertThat(TimeWindow.lastHours(24, NOW).since()).isEqualTo(Instant.parse("2026-11-30T21:47:13Z"));
    }

    @Test
    void bucketsAreAlignedOnTheEpochInUtc() {
        TimeWindow window = TimeWindow.lastHours(24 * 7, NOW);
        assertThat(window.bucketOf(NOW)).isEqualTo(Instant.parse("2026-12-01T18:00:00Z"));
        assertThat(TimeWindow.lastHours(1, NOW).bucketOf(NOW)).isEqualTo(Instant.parse("2026-12-01T21:45:00Z"));
        assertThat(TimeWindow.lastHours(1, NOW).bucketName()).isEqualTo("5-minute");
        assertThat(window.bucketName()).isEqualTo("6-hour");
        assertThat(TimeWindow.lastHours(24 * 30, NOW).bucketName()).isEqualTo("1-day");
    }

    @Test
    void refusesWindowsOutsideAYear() {
        assertThatThrownBy(() -> TimeWindow.lastHours(0, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeWindow.lastHours(TimeWindow.MAX_HOURS + 1, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

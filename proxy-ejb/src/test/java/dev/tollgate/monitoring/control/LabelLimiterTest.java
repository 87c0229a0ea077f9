package dev.tollgate.monitoring.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LabelLimiterTest {

    @Test
    void theFirstValuesAreKeptAndLaterOnesBecomeOther() {
        LabelLimiter limiter = new LabelLimiter(2);

        assertThat(limiter.label("team-a")).isEqualTo("team-a");
        assertThat(limiter.label("team-b")).isEqualTo("team-b");
        assertThat(limiter.label("team-c")).isEqualTo(LabelLimiter.OTHER);
        assertThat(limiter.label("team-a")).as("admitted values stay").isEqualTo("team-a");
        assertThat(limiter.distinctValues()).isEqualTo(2);
    }

    @Test
    void aClientLoopingOverRandomValuesCannotGrowTheLabelSet() {
        LabelLimiter limiter = new LabelLimiter(10);
        Set<String> labels = new HashSet<>();

        for (int i = 0; i < 10_000; i++) {
            labels.add(limiter.label(UUID.randomUUID().toString()));
        }

        assertThat(labels).hasSize(11).contains(LabelLimiter.OTHER);
    }

    @Test
    void missingValuesAreNoneAndLongOnesAreCut() {
        LabelLimiter limiter = new LabelLimiter(5);

        assertThat(limiter.label(null)).isEqualTo(LabelLimiter.NONE);
        assertThat(limiter.label(" ")).isEqualTo(LabelLimiter.NONE);
        assertThat(limiter.label("x".repeat(500))).hasSize(64);
    }

    @Test
    void aNegativeLimitIsRefused() {
        assertThatThrownBy(() -> new LabelLimiter(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void routesAreTheServedPathsOnly() {
        assertThat(Routes.of("/v1/messages")).isEqualTo("/v1/messages");
        assertThat(Routes.of("/openai/v1/chat/completions")).isEqualTo("/openai/v1/chat/completions");
        assertThat(Routes.of("/v1/models/claude-sonnet-4-5")).isEqualTo("/v1/models/{model}");
        assertThat(Routes.of("/v1/messages/../../etc/passwd")).isEqualTo(LabelLimiter.OTHER);
        assertThat(Routes.of(null)).isEqualTo(LabelLimiter.OTHER);
    }
}

package dev.tollgate.quotas.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.quotas.entity.QuotaExceededException;
import dev.tollgate.quotas.entity.QuotaExhausted;
import dev.tollgate.quotas.entity.UsageBucket;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each refusal is announced once, for alerts and metrics; admitted requests are not. */
class QuotasEventTest {

    @TempDir
    Path directory;

    final List<QuotaExhausted> fired = new ArrayList<>();

    @Test
    void everyRefusalFiresOneQuotaExhausted() throws Exception {
        Quotas cut = new Quotas();
        cut.quotaFile = Optional.of(Files.writeString(
                        directory.resolve("quotas.json"), "{\"trains\":{\"alpha\":{\"requests\":{\"hour\":1}}}}")
                .toString());
        cut.bucketSeconds = 10;
        cut.journal = new QuotaSeedQuery() {
            @Override
            public List<UsageBucket> usage(long bucketMillis, long fromMillis, long untilMillis, long longest) {
                return List.of();
            }
        };
        cut.exhaustions = new Recorded();
        cut.start();

        cut.admit("alpha", null, "r1", OffsetDateTime.now());
        assertThat(fired).isEmpty();
        for (int i = 2; i <= 3; i++) {
            String requestId = "r" + i;
            assertThatThrownBy(() -> cut.admit("alpha", null, requestId, OffsetDateTime.now()))
                    .isInstanceOf(QuotaExceededException.class);
        }

        assertThat(fired).hasSize(2);
        QuotaExhausted exhausted = fired.get(0);
        assertThat(exhausted.scope()).isEqualTo("train");
        assertThat(exhausted.subject()).isEqualTo("alpha");
        assertThat(exhausted.measure()).isEqualTo("requests");
        assertThat(exhausted.window()).isEqualTo("hour");
        assertThat(exhausted.limit()).isEqualTo(1);
        assertThat(exhausted.retryAfterSeconds()).isBetween(3590L, 3600L);
    }

    /** The events fired, kept in order. */
    private final class Recorded implements Event<QuotaExhausted> {

        @Override
        public void fire(QuotaExhausted event) {
            fired.add(event);
        }

        @Override
        public <U extends QuotaExhausted> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends QuotaExhausted> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<QuotaExhausted> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends QuotaExhausted> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends QuotaExhausted> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}

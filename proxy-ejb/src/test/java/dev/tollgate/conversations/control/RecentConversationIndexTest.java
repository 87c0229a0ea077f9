package dev.tollgate.conversations.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.conversations.entity.KnownRequest;
import dev.tollgate.conversations.entity.TaskInvocation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentConversationIndexTest {

    private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");
    private static final UUID CONVERSATION = UUID.randomUUID();

    private final RecentConversationIndex cut = new RecentConversationIndex(2);

    private static KnownRequest known(String current, String parent, String system, Instant at) {
        return new KnownRequest(UUID.randomUUID(), at, "s", current, parent, system, CONVERSATION, "main", false, null);
    }

    @Test
    void theLatestWithTheSameSystemHashWins() {
        KnownRequest sameSystem = known("h", null, "sys", T0);
        KnownRequest otherSystemLater = known("h", null, "other", T0.plusSeconds(5));
        cut.add(sameSystem, List.of(), null);
        cut.add(otherSystemLater, List.of(), null);

        assertThat(cut.latestByCurrentHash("s", "h", "sys")).contains(sameSystem);
        assertThat(cut.latestByCurrentHash("s", "h", "unknown")).contains(otherSystemLater);
        assertThat(cut.latestByCurrentHash("other scope", "h", "sys")).isEmpty();
    }

    @Test
    void theOldestAreForgottenBeyondCapacity() {
        KnownRequest first = known("h1", null, null, T0);
        cut.add(first, List.of(new TaskInvocation(first.requestId(), T0, "s", "p", "{}")), "summary one");
        cut.add(known("h2", "h1", null, T0.plusSeconds(1)), List.of(), null);
        assertThat(cut.latestTaskInvocation("s", "p", T0)).isPresent();

        cut.add(known("h3", "h2", null, T0.plusSeconds(2)), List.of(), null);

        assertThat(cut.size()).isEqualTo(2);
        assertThat(cut.latestByCurrentHash("s", "h1", null)).isEmpty();
        assertThat(cut.latestTaskInvocation("s", "p", T0)).isEmpty();
        assertThat(cut.compactionSource("s", "... summary one ...", T0)).isEmpty();
        assertThat(cut.children("s", CONVERSATION, "h2")).hasSize(1);
    }

    @Test
    void compactionSourcesAndTaskInvocationsRespectTheirWindow() {
        KnownRequest compacted = known("h", null, null, T0);
        cut.add(compacted, List.of(new TaskInvocation(compacted.requestId(), T0, "s", "p", "{}")), "the summary");

        assertThat(cut.compactionSource("s", "continued: the summary", T0)).contains(compacted);
        assertThat(cut.compactionSource("s", "continued: the summary", T0.plusSeconds(1)))
                .isEmpty();
        assertThat(cut.compactionSource("s", "continued: another summary", T0)).isEmpty();
        assertThat(cut.latestTaskInvocation("s", "p", T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new RecentConversationIndex(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

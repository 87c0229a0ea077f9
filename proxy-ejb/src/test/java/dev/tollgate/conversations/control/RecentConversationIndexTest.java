package dev.tollgate.conversations.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.conversations.entity.KnownRequest;
import dev.tollgate.conversations.entity.TaskInvocation;
import java.time.Instant;
import java.util.ArrayList;
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
    void identicalRequestsSharingOneKeyAreForgottenOldestFirst() {
        RecentConversationIndex index = new RecentConversationIndex(3);
        List<KnownRequest> added = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            KnownRequest request = known("same", "parent", i % 2 == 0 ? "even" : "odd", T0.plusSeconds(i));
            added.add(request);
            index.add(
                    request,
                    List.of(new TaskInvocation(request.requestId(), T0.plusSeconds(i), "s", "p", "{}")),
                    "sum");
        }

        assertThat(index.size()).isEqualTo(3);
        assertThat(index.children("s", CONVERSATION, "parent")).containsExactlyElementsOf(added.subList(2, 5));
        assertThat(index.latestByCurrentHash("s", "same", "odd")).contains(added.get(3));
        assertThat(index.latestByCurrentHash("s", "same", "even")).contains(added.get(4));
        assertThat(index.latestTaskInvocation("s", "p", T0).orElseThrow().requestId())
                .isEqualTo(added.get(4).requestId());
        assertThat(index.latestTaskInvocation("s", "p", T0.plusSeconds(3))
                        .orElseThrow()
                        .timestamp())
                .isEqualTo(T0.plusSeconds(4));
        assertThat(index.compactionSource("s", "a sum", T0)).contains(added.get(4));

        for (int i = 0; i < 3; i++) {
            index.add(known("other" + i, null, null, T0.plusSeconds(10 + i)), List.of(), null);
        }
        assertThat(index.latestByCurrentHash("s", "same", "odd")).isEmpty();
        assertThat(index.children("s", CONVERSATION, "parent")).isEmpty();
        assertThat(index.latestTaskInvocation("s", "p", T0)).isEmpty();
        assertThat(index.compactionSource("s", "a sum", T0)).isEmpty();
    }

    @Test
    void aRequestAddedTwiceIsForgottenOnceForEachTime() {
        RecentConversationIndex index = new RecentConversationIndex(2);
        KnownRequest twice = known("h", "p", null, T0);
        index.add(twice, List.of(), null);
        index.add(twice, List.of(), null);
        index.add(known("later", null, null, T0.plusSeconds(1)), List.of(), null);

        assertThat(index.children("s", CONVERSATION, "p")).containsExactly(twice);
        index.add(known("latest", null, null, T0.plusSeconds(2)), List.of(), null);
        assertThat(index.children("s", CONVERSATION, "p")).isEmpty();
        assertThat(index.latestByCurrentHash("s", "h", null)).isEmpty();
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

package dev.tollgate.quotas.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.journal.entity.CompletedRequest;
import dev.tollgate.quotas.entity.Measure;
import dev.tollgate.quotas.entity.QuotaExceededException;
import dev.tollgate.quotas.entity.QuotaExhausted;
import dev.tollgate.quotas.entity.Window;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QuotaLedgerTest {

    static final long T0 = 1_800_000_000_000L;
    static final String KEY = "a".repeat(64);
    static final String OTHER_KEY = "b".repeat(64);

    final QuotaLedger cut = new QuotaLedger(10_000);
    final QuotaFileReader reader = new QuotaFileReader();

    @Test
    void theRequestAtTheLimitIsRefusedWithWhenToComeBack() {
        cut.apply(reader.parse("{\"trains\":{\"*\":{\"requests\":{\"minute\":3}}}}"));
        for (int i = 0; i < 3; i++) {
            admit("alpha", KEY, T0 + i * 1000);
        }

        assertThatThrownBy(() -> admit("alpha", KEY, T0 + 5_000))
                .isInstanceOfSatisfying(QuotaExceededException.class, refused -> {
                    assertThat(refused.getMessage())
                            .startsWith("quota exceeded")
                            .contains("train alpha may send 3 requests per minute")
                            .contains("retry in 55 s")
                            .doesNotContain(KEY);
                    assertThat(refused.exhausted())
                            .isEqualTo(new QuotaExhausted("train", "alpha", "requests", "minute", 3, 55));
                });
        // another train has a counter of its own
        admit("beta", KEY, T0 + 5_000);
        // and once the first bucket has left the window, requests pass again
        admit("alpha", KEY, T0 + 60_000);
    }

    @Test
    void aRefusedRequestIsNotCounted() {
        cut.apply(reader.parse("{\"trains\":{\"alpha\":{\"requests\":{\"minute\":1}}}}"));
        admit("alpha", KEY, T0);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> admit("alpha", KEY, T0 + 1_000)).isInstanceOf(QuotaExceededException.class);
        }
        assertThat(cut.trainTotal("alpha", Measure.REQUESTS, Window.MINUTE, T0 + 1_000))
                .isEqualTo(1);
    }

    @Test
    void aClientKeyLimitCountsTheKeyAcrossTrains() {
        cut.apply(reader.parse("{\"clientKeys\":{\"" + KEY + "\":{\"name\":\"alice\",\"requests\":{\"hour\":2}}}}"));
        admit("alpha", KEY, T0);
        admit("beta", KEY, T0);
        admit("beta", OTHER_KEY, T0);

        assertThatThrownBy(() -> admit("gamma", KEY, T0))
                .isInstanceOfSatisfying(QuotaExceededException.class, refused -> {
                    assertThat(refused.getMessage()).contains("this client key (alice) may send 2 requests per hour");
                    assertThat(refused.exhausted().scope()).isEqualTo("client_key");
                    assertThat(refused.exhausted().subject()).isEqualTo(KEY);
                    assertThat(refused.exhausted().window()).isEqualTo("hour");
                    assertThat(refused.retryAfterSeconds()).isEqualTo(3600);
                });
    }

    @Test
    void aTokenLimitRefusesOnceReachedAndTheRequestThatCrossesItCompletes() {
        cut.apply(reader.parse("{\"trains\":{\"*\":{\"tokens\":{\"minute\":1000}}}}"));
        admit("alpha", KEY, T0);
        admit("alpha", KEY, T0); // both admitted: nothing is used yet
        cut.completed(completed("r1", "alpha", KEY, T0, 2_000, 600, false, "acc"));
        admit("alpha", KEY, T0 + 3_000); // 600 < 1000
        cut.completed(completed("r2", "alpha", KEY, T0, 4_000, 600, false, "acc"));

        assertThat(cut.trainTotal("alpha", Measure.TOKENS, Window.MINUTE, T0 + 5_000))
                .isEqualTo(1200);
        assertThatThrownBy(() -> admit("alpha", KEY, T0 + 5_000))
                .isInstanceOfSatisfying(QuotaExceededException.class, refused -> {
                    assertThat(refused.getMessage()).contains("train alpha has used its 1000 tokens per minute");
                    // both finished in the first bucket: it has to leave the window
                    assertThat(refused.retryAfterSeconds()).isEqualTo(55);
                });
    }

    @Test
    void tokensCountWhenTheRequestFinishedAndFailoverAttemptsTokensToo() {
        // started 2 minutes ago, finished now: its tokens are in this minute
        cut.completed(completed("r1", "alpha", KEY, T0 - 120_000, 120_000, 50, false, "acc"));
        cut.completed(completed(UUID.randomUUID().toString(), "alpha", KEY, T0, 10, 7, true, "acc"));

        assertThat(cut.trainTotal("alpha", Measure.TOKENS, Window.MINUTE, T0)).isEqualTo(57);
        assertThat(cut.keyTotal(KEY, Measure.TOKENS, Window.MINUTE, T0)).isEqualTo(57);
        assertThat(cut.trainTotal("alpha", Measure.REQUESTS, Window.MINUTE, T0)).isZero();
    }

    @Test
    void aRequestTollgateRefusesAfterAdmittingItIsTakenBack() {
        admit("alpha", KEY, T0, "bad-body");
        admit("alpha", KEY, T0, "served");
        cut.completed(completed("bad-body", "alpha", KEY, T0, 5, 0, false, null)); // 400, no account
        cut.completed(completed("served", "alpha", KEY, T0, 5, 0, false, "acc"));

        assertThat(cut.trainTotal("alpha", Measure.REQUESTS, Window.MINUTE, T0)).isEqualTo(1);
        assertThat(cut.keyTotal(KEY, Measure.REQUESTS, Window.MINUTE, T0)).isEqualTo(1);
        assertThat(cut.admissionsPending()).isZero();
    }

    @Test
    void seededUsageCountsLikeLiveUsage() {
        cut.apply(reader.parse("{\"clientKeys\":{\"*\":{\"requests\":{\"5h\":10}}}}"));
        long twoHoursAgo = Math.floorDiv(T0 - 7_200_000, 10_000);
        cut.seed("alpha", KEY, twoHoursAgo, 10, 0);

        assertThatThrownBy(() -> admit("alpha", KEY, T0))
                .isInstanceOfSatisfying(QuotaExceededException.class, refused -> assertThat(refused.retryAfterSeconds())
                        .isEqualTo(3 * 3600));
        admit("alpha", OTHER_KEY, T0);
    }

    @Test
    void anEntryOfItsOwnReplacesTheDefault() {
        cut.apply(reader.parse("{\"trains\":{\"*\":{\"requests\":{\"minute\":1}},\"ops\":{}}}"));
        admit("ops", KEY, T0);
        admit("ops", KEY, T0);
        admit("alpha", KEY, T0);
        assertThatThrownBy(() -> admit("alpha", KEY, T0)).isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void aLimitAddedLaterAppliesToWhatWasUsedAlready() {
        admit("alpha", null, T0);
        admit("alpha", null, T0);
        cut.apply(reader.parse("{\"trains\":{\"alpha\":{\"requests\":{\"minute\":2}}}}"));
        assertThatThrownBy(() -> admit("alpha", null, T0)).isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void concurrentRequestsNeverOvershootTheLimit() throws Exception {
        cut.apply(reader.parse("{\"trains\":{\"*\":{\"requests\":{\"hour\":100}}}}"));
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            running.add(threads.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    try {
                        admit("alpha", KEY, T0);
                        admitted.incrementAndGet();
                    } catch (QuotaExceededException refused) {
                        // expected past the limit
                    }
                }
            }));
        }
        for (Future<?> thread : running) {
            thread.get();
        }
        threads.shutdown();
        assertThat(admitted).hasValue(100);
    }

    @Test
    void idleCountersAndForgottenAdmissionsAreDropped() {
        admit("alpha", KEY, T0);
        cut.forgetIdle(T0 + 1_000);
        assertThat(cut.countersKept()).isEqualTo(2);
        cut.forgetIdle(T0 + Window.FIVE_HOURS.length().toMillis() + 10_000);
        assertThat(cut.countersKept()).isZero();
        assertThat(cut.admissionsPending()).isZero();
    }

    @Test
    void whenSharedEveryCountItMakesGoesToThePeersButNotWhatItWasTold() {
        UsageDeltas deltas = new UsageDeltas();
        cut.shareWith(deltas);
        long bucket = Math.floorDiv(T0, 10_000);
        admit("alpha", KEY, T0, "bad-body");
        admit("alpha", KEY, T0, "served");
        admit("alpha", null, T0, "keyless");
        cut.completed(completed("bad-body", "alpha", KEY, T0, 5, 0, false, null)); // taken back
        cut.completed(completed("served", "alpha", KEY, T0, 5, 30, false, "acc"));
        cut.seed("alpha", KEY, bucket, 100, 1000); // a peer's count: not sent back

        assertThat(deltas.drain())
                .containsExactlyInAnyOrder(
                        new dev.tollgate.quotas.entity.UsageBucket("alpha", KEY, bucket, 1, 30),
                        new dev.tollgate.quotas.entity.UsageBucket("alpha", null, bucket, 1, 0));
        assertThat(deltas.drain()).as("drained").isEmpty();
        assertThat(cut.trainTotal("alpha", Measure.REQUESTS, Window.MINUTE, T0)).isEqualTo(102);
    }

    @Test
    void aPeersCountsRefuseHereAsOwnCountsWould() {
        cut.apply(reader.parse("{\"trains\":{\"alpha\":{\"requests\":{\"minute\":3}}}}"));
        admit("alpha", KEY, T0);
        cut.seed("alpha", OTHER_KEY, Math.floorDiv(T0, 10_000), 2, 0); // two requests on another instance

        assertThatThrownBy(() -> admit("alpha", KEY, T0)).isInstanceOf(QuotaExceededException.class);
    }

    private void admit(String train, String key, long at) {
        admit(train, key, at, UUID.randomUUID().toString());
    }

    private void admit(String train, String key, long at, String requestId) {
        cut.admit(train, key, requestId, at, at);
    }

    /** A journal announcement: {@code accountId} null and a 400 for a request Tollgate refused itself. */
    static CompletedRequest completed(
            String requestId,
            String train,
            String key,
            long receivedAt,
            long durationMs,
            long inputTokens,
            boolean gaveUp,
            String accountId) {
        return new CompletedRequest(
                requestId,
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(receivedAt), ZoneOffset.UTC),
                "POST",
                "/v1/messages",
                train,
                null,
                accountId,
                key,
                "127.0.0.1",
                "claude-sonnet-4-5",
                "inference",
                false,
                accountId == null ? 400 : 200,
                durationMs,
                null,
                inputTokens,
                0,
                0,
                0,
                null,
                null,
                1,
                gaveUp,
                null,
                "test",
                null,
                "[]",
                0,
                0);
    }
}

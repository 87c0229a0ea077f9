package dev.tollgate.quotas.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.quotas.entity.UsageBucket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UsageDeltasTest {

    final UsageDeltas cut = new UsageDeltas();

    @Test
    void countsOfOneTrainKeyAndBucketAreSummedAndThoseThatCancelOutAreLeftOut() {
        cut.add("alpha", "k", 7, 1, 0);
        cut.add("alpha", "k", 7, 1, 40);
        cut.add("alpha", null, 7, 1, 0);
        cut.add("beta", "k", 8, 1, 0);
        cut.add("beta", "k", 8, -1, 0);

        assertThat(cut.drain())
                .containsExactlyInAnyOrder(
                        new UsageBucket("alpha", "k", 7, 2, 40), new UsageBucket("alpha", null, 7, 1, 0));
        assertThat(cut.drain()).isEmpty();
    }

    @Test
    void nothingAddedWhileDrainingIsLost() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> adders = IntStream.range(0, 4)
                    .mapToObj(thread -> threads.submit(() -> {
                        for (int i = 0; i < 50_000; i++) {
                            cut.add("alpha", null, i % 3, 1, 2);
                        }
                    }))
                    .<Future<?>>map(future -> future)
                    .toList();
            long requests = 0;
            long tokens = 0;
            while (!adders.stream().allMatch(Future::isDone)) {
                for (UsageBucket bucket : cut.drain()) {
                    requests += bucket.requests();
                    tokens += bucket.tokens();
                }
            }
            for (UsageBucket bucket : cut.drain()) {
                requests += bucket.requests();
                tokens += bucket.tokens();
            }
            for (Future<?> adder : adders) {
                adder.get();
            }
            assertThat(requests).isEqualTo(200_000);
            assertThat(tokens).isEqualTo(400_000);
        } finally {
            threads.shutdownNow();
        }
    }
}

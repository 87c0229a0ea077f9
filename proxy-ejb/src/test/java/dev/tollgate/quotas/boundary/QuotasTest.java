package dev.tollgate.quotas.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.quotas.entity.InvalidQuotaFileException;
import dev.tollgate.quotas.entity.Limit;
import dev.tollgate.quotas.entity.Measure;
import dev.tollgate.quotas.entity.UsageBucket;
import dev.tollgate.quotas.entity.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotasTest {

    @TempDir
    Path directory;

    final List<long[]> seedCalls = new ArrayList<>();

    @Test
    void aChangedFileAppliesAndABrokenOrMissingOneKeepsTheLimitsInForce() throws Exception {
        Path file = write("{\"trains\":{\"*\":{\"requests\":{\"minute\":5}}}}");
        Quotas cut = started(file);
        assertThat(cut.policy().forTrain("alpha").limits())
                .containsExactly(new Limit(Measure.REQUESTS, Window.MINUTE, 5));

        write("{\"trains\":{\"*\":{\"requests\":{\"minute\":7}}}}"); // same size: compared by content
        cut.reloadIfChanged();
        assertThat(cut.policy().forTrain("alpha").limits())
                .containsExactly(new Limit(Measure.REQUESTS, Window.MINUTE, 7));

        write("{\"trains\":{\"*\":{\"requests\":{\"minute\":0}}}}");
        cut.reloadIfChanged();
        assertThat(cut.policy().forTrain("alpha").limits())
                .as("a broken file changes nothing")
                .containsExactly(new Limit(Measure.REQUESTS, Window.MINUTE, 7));

        Files.delete(file);
        cut.reloadIfChanged();
        assertThat(cut.policy().forTrain("alpha").limits())
                .as("a deleted file changes nothing")
                .containsExactly(new Limit(Measure.REQUESTS, Window.MINUTE, 7));

        write("{}");
        cut.reloadIfChanged();
        assertThat(cut.policy().isEmpty()).isTrue();
    }

    @Test
    void aBrokenFileAtStartUpStopsTheDeployment() throws Exception {
        Path file = write("{\"trains\":{\"*\":{\"requests\":{\"minute\":\"5\"}}}}");
        assertThatThrownBy(() -> started(file))
                .isInstanceOf(InvalidQuotaFileException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("trains.\"*\".requests.minute: must be a whole number");
        assertThatThrownBy(() -> started(directory.resolve("missing.json")))
                .isInstanceOf(InvalidQuotaFileException.class);
    }

    @Test
    void noFileMeansNoQuotas() {
        Quotas cut = started(null);
        assertThat(cut.policy().isEmpty()).isTrue();
    }

    @Test
    void seedsOnlyWhatTheJournalHeldBeforeThisStartForTheLongestWindow() {
        Quotas cut = started(null);
        assertThat(cut.seeded()).isTrue();
        assertThat(seedCalls).hasSize(1);
        long[] call = seedCalls.get(0);
        assertThat(call[0]).isEqualTo(10_000);
        assertThat(call[2] - call[1]).isEqualTo(Window.FIVE_HOURS.length().toMillis());
        assertThat(cut.trainUsage("alpha", Measure.REQUESTS, Window.HOUR)).isEqualTo(4);
    }

    private Path write(String json) throws Exception {
        return Files.writeString(directory.resolve("quotas.json"), json);
    }

    private Quotas started(Path file) {
        Quotas quotas = new Quotas();
        quotas.quotaFile = Optional.ofNullable(file).map(Path::toString);
        quotas.bucketSeconds = 10;
        quotas.journal = new QuotaSeedQuery() {
            @Override
            public List<UsageBucket> usage(long bucketMillis, long fromMillis, long untilMillis, long longest) {
                seedCalls.add(new long[] {bucketMillis, fromMillis, untilMillis});
                return List.of(new UsageBucket("alpha", null, Math.floorDiv(untilMillis - 1_000, bucketMillis), 4, 0));
            }
        };
        quotas.start();
        return quotas;
    }
}

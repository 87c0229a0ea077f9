package dev.tollgate.quotas.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.quotas.entity.InvalidQuotaFileException;
import dev.tollgate.quotas.entity.Limit;
import dev.tollgate.quotas.entity.Measure;
import dev.tollgate.quotas.entity.QuotaPolicy;
import dev.tollgate.quotas.entity.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuotaFileReaderTest {

    static final String HASH = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

    final QuotaFileReader cut = new QuotaFileReader();

    @Test
    void readsDefaultsAndEntriesOfTheirOwn() {
        QuotaPolicy policy = cut.parse(
                """
                {
                  "comment": "limits agreed with finance, 2026-11",
                  "trains": {
                    "*": { "requests": { "minute": 60, "hour": 1000 }, "tokens": { "5h": 5000000 } },
                    "batch.jobs": { "tokens": { "hour": 200000 } },
                    "ops": {}
                  },
                  "clientKeys": {
                    "%s": { "name": "alice's laptop", "requests": { "minute": 10 } }
                  }
                }
                """
                        .formatted(HASH));

        assertThat(policy.forTrain("anything").limits())
                .containsExactly(
                        new Limit(Measure.REQUESTS, Window.MINUTE, 60),
                        new Limit(Measure.REQUESTS, Window.HOUR, 1000),
                        new Limit(Measure.TOKENS, Window.FIVE_HOURS, 5_000_000));
        assertThat(policy.forTrain("batch.jobs").limits())
                .containsExactly(new Limit(Measure.TOKENS, Window.HOUR, 200_000));
        assertThat(policy.forTrain("ops").isEmpty()).isTrue();
        // hashes as the journal writes them, lower case
        assertThat(policy.forClientKey(HASH.toLowerCase()).name()).isEqualTo("alice's laptop");
        assertThat(policy.forClientKey("0".repeat(64)).isEmpty()).isTrue();
        assertThat(policy.forClientKey(null).isEmpty()).isTrue();
    }

    @Test
    void anEmptyObjectMeansNoQuotas() {
        assertThat(cut.parse("{}").isEmpty()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[1,2]                                                | not a JSON object",
                "{\"trains\":{\"*\":{\"requests\":{\"minute\":60}}}   | not a JSON object",
                "{\"train\":{}}                                       | unknown field \"train\"",
                "{\"trains\":[]}                                      | trains: must be a JSON object",
                "{\"trains\":{\"a b\":{}}}                            | trains.\"a b\": not \"*\" and not a train id",
                "{\"clientKeys\":{\"alice\":{}}}                      | clientKeys.\"alice\": not \"*\" and not a client key's api_key_hash",
                "{\"trains\":{\"x\":{\"request\":{\"minute\":1}}}}    | trains.\"x\": unknown measure \"request\"",
                "{\"trains\":{\"x\":{\"requests\":{\"day\":1}}}}      | trains.\"x\".requests: unknown window \"day\" (minute, hour or 5h)",
                "{\"trains\":{\"x\":{\"requests\":{\"minute\":0}}}}   | trains.\"x\".requests.minute: must be at least 1",
                "{\"trains\":{\"x\":{\"requests\":{\"minute\":-5}}}}  | must be at least 1",
                "{\"trains\":{\"x\":{\"requests\":{\"minute\":1.5}}}} | trains.\"x\".requests.minute: must be a whole number",
                "{\"trains\":{\"x\":{\"requests\":{\"minute\":\"10\"}}}} | must be a whole number",
                "{\"trains\":{\"x\":{\"tokens\":{\"hour\":99999999999999999999999}}}}    | is out of range",
                "{\"trains\":{\"x\":{\"name\":7}}}                    | trains.\"x\".name: must be a string",
            })
    void everyProblemIsNamedWithWhereItIs(String json, String problem) {
        assertThatThrownBy(() -> cut.parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void hostileNestingIsReportedNotThrown() {
        String deep = "{\"trains\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> cut.parse(deep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a JSON object");
    }

    @Test
    void theSameHashInTwoCasesIsOneKeyGivenTwice() {
        assertThatThrownBy(() -> cut.parse("{\"clientKeys\":{\"" + HASH + "\":{},\"" + HASH.toLowerCase() + "\":{}}}"))
                .hasMessageContaining("given twice");
    }

    @Test
    void aBadFileIsReportedWithItsName(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("quotas.json"), "{\"trains\":{\"x\":{\"requests\":{}}");
        assertThatThrownBy(() -> cut.read(file))
                .isInstanceOf(InvalidQuotaFileException.class)
                .hasMessageStartingWith("Quota file " + file.toAbsolutePath() + ": not a JSON object");
        assertThatThrownBy(() -> cut.read(directory.resolve("missing.json")))
                .isInstanceOf(InvalidQuotaFileException.class)
                .hasMessageContaining("cannot be read");
    }
}

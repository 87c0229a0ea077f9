package dev.tollgate.usage.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.messages.entity.Usage;
import dev.tollgate.usage.entity.CacheWrites;
import org.junit.jupiter.api.Test;

class CacheWritesReaderTest {

    private static final Usage USAGE = new Usage(3, 10, 1500, 0);

    @Test
    void theSplitOfTheUsageJson() {
        String json = "{\"cache_creation_input_tokens\":1500,\"cache_creation\":"
                + "{\"ephemeral_5m_input_tokens\":500,\"ephemeral_1h_input_tokens\":1000}}";

        assertThat(CacheWritesReader.read(USAGE, json)).isEqualTo(new CacheWrites(500, 1000));
    }

    @Test
    void aSplitWhoseKeyIsSpelledWithEscapesIsStillRead() {
        String json = "{\"cache_creation_input_tokens\":1500,\"cache\\u005fcreation\":"
                + "{\"ephemeral_1h_input_tokens\":1000}}";

        assertThat(CacheWritesReader.read(USAGE, json)).isEqualTo(new CacheWrites(500, 1000));
    }

    @Test
    void withoutASplitEveryWriteIsAFiveMinuteWrite() {
        assertThat(CacheWritesReader.read(USAGE, "{\"cache_creation_input_tokens\":1500}"))
                .isEqualTo(new CacheWrites(1500, 0));
        assertThat(CacheWritesReader.read(USAGE, null)).isEqualTo(new CacheWrites(1500, 0));
        assertThat(CacheWritesReader.read(USAGE, "not json")).isEqualTo(new CacheWrites(1500, 0));
        assertThat(CacheWritesReader.read(USAGE, "{\"cache_creation\":null}")).isEqualTo(new CacheWrites(1500, 0));
    }

    @Test
    void tokensTheSplitDoesNotAccountForAreFiveMinuteWrites() {
        String json = "{\"cache_creation\":{\"ephemeral_1h_input_tokens\":1000}}";

        assertThat(CacheWritesReader.read(USAGE, json)).isEqualTo(new CacheWrites(500, 1000));
    }

    @Test
    void noUsageAndNoJsonIsNoCacheWrite() {
        assertThat(CacheWritesReader.read(null, null)).isEqualTo(CacheWrites.NONE);
    }
}

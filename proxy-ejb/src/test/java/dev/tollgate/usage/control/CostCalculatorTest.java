package dev.tollgate.usage.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.messages.entity.Usage;
import dev.tollgate.usage.entity.CacheWrites;
import dev.tollgate.usage.entity.Cost;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Expected costs are worked out by hand from the shipped prices (USD per million tokens). */
class CostCalculatorTest {

    private final CostCalculator cut = new CostCalculator(PriceTable.shipped());

    @Test
    void sonnetWithCacheWritesAndReadsUnderItsDatedId() {
        // 1000 x $3 + 500 x $15 + 2000 x $3.75 + 10000 x $0.30 = $21000 per million
        Cost cost = cut.cost("claude-sonnet-4-5-20250929", new Usage(1000, 500, 2000, 10000))
                .orElseThrow();

        assertThat(cost).isEqualTo(new Cost(new BigDecimal("0.021000"), "claude-sonnet-4-5", false));
        assertThat(cost.usd().scale()).isEqualTo(6);
    }

    @Test
    void opusFourOneIsPricedAtFifteenAndSeventyFive() {
        // 10 x $15 + 1 x $75 = $225 per million
        assertThat(usd("claude-opus-4-1-20250805", new Usage(10, 1, 0, 0))).isEqualTo("0.000225");
    }

    @Test
    void opusFourFiveIsPricedAtFiveAndTwentyFive() {
        // 2000 x $5 + 300 x $25 = $17500 per million
        assertThat(usd("claude-opus-4-5-20251101", new Usage(2000, 300, 0, 0))).isEqualTo("0.017500");
    }

    @Test
    void haikuThreeHasItsOwnCachePrices() {
        // a million of each: $0.25 + $1.25 + $0.30 (5 min write) + $0.03 (read)
        assertThat(usd("claude-3-haiku-20240307", new Usage(1_000_000, 1_000_000, 1_000_000, 1_000_000)))
                .isEqualTo("1.830000");
    }

    @Test
    void fractionsOfAMillionthAreRoundedOnceHalfEven() {
        // 1234 x $0.80 + 567 x $4 = $3255.2 per million = $0.0032552
        assertThat(usd("claude-3-5-haiku-20241022", new Usage(1234, 567, 0, 0))).isEqualTo("0.003255");
        // 1 x $5 + 0 = $0.000005; 1 token of Haiku 3 cache read is $0.00000003, rounds to 0
        assertThat(usd("claude-haiku-4-5", new Usage(5, 0, 0, 0))).isEqualTo("0.000005");
        assertThat(usd("claude-3-haiku", new Usage(0, 0, 0, 1))).isEqualTo("0.000000");
    }

    @Test
    void oneHourCacheWritesCostTwiceTheInputPriceWhenTheUsageSplitsThem() {
        String usageJson =
                """
                {"input_tokens":3,"cache_creation_input_tokens":3000,"cache_read_input_tokens":20000,\
                "cache_creation":{"ephemeral_5m_input_tokens":1000,"ephemeral_1h_input_tokens":2000},\
                "output_tokens":400,"service_tier":"standard"}""";
        Usage usage = new Usage(3, 400, 3000, 20000);

        // 3 x $5 + 400 x $25 + 1000 x $6.25 + 2000 x $10 + 20000 x $0.50 = $46265 per million
        assertThat(cut.cost("claude-opus-4-5", usage, usageJson).orElseThrow().usd())
                .isEqualByComparingTo("0.046265");
        // without the split all 3000 are 5 min writes: 15 + 10000 + 18750 + 10000 = $38765 per million
        assertThat(cut.cost("claude-opus-4-5", usage).orElseThrow().usd()).isEqualByComparingTo("0.038765");
        assertThat(cut.cost("claude-opus-4-5", usage, (String) null)
                        .orElseThrow()
                        .usd())
                .isEqualByComparingTo("0.038765");
    }

    @Test
    void anExplicitSplitReplacesTheUsagesCacheCreationCount() {
        // 1000 x $3.75 + 1000 x $6 = $9750 per million
        assertThat(cut.cost("claude-sonnet-4-5", new Usage(0, 0, 2000, 0), new CacheWrites(1000, 1000))
                        .orElseThrow()
                        .usd())
                .isEqualByComparingTo("0.009750");
    }

    @Test
    void sonnetAboveTwoHundredThousandInputTokensIsBilledAtTheLongContextPrices() {
        // 150000 uncached + 60000 read = 210000 input: 150000 x $6 + 60000 x $0.60 + 2000 x $22.50 = $981000
        Cost cost = cut.cost("claude-sonnet-4-20250514", new Usage(150_000, 2000, 0, 60_000))
                .orElseThrow();

        assertThat(cost).isEqualTo(new Cost(new BigDecimal("0.981"), "claude-sonnet-4", true));
    }

    @Test
    void cacheWritesCountTowardsTheLongContextThresholdAndArePricedInItsBand() {
        // 100000 + 100001 written (1 h) = 200001: 100000 x $6 + 100001 x $12 = $1800012 per million
        Cost cost = cut.cost("claude-sonnet-4-5", new Usage(100_000, 0, 100_001, 0), new CacheWrites(0, 100_001))
                .orElseThrow();

        assertThat(cost.longContext()).isTrue();
        assertThat(cost.usd()).isEqualByComparingTo("1.800012");
    }

    @Test
    void exactlyTwoHundredThousandIsStillTheStandardBand() {
        Cost cost = cut.cost("claude-sonnet-4-5", new Usage(200_000, 0, 0, 0)).orElseThrow();

        assertThat(cost.longContext()).isFalse();
        assertThat(cost.usd()).isEqualByComparingTo("0.6");
    }

    @Test
    void modelsWithoutLongContextPricesKeepTheirPricesAboveTheThreshold() {
        // 500000 x $5 = $2.50
        Cost cost = cut.cost("claude-opus-4-5", new Usage(500_000, 0, 0, 0)).orElseThrow();

        assertThat(cost.longContext()).isFalse();
        assertThat(cost.usd()).isEqualByComparingTo("2.5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-4o", "claude-opus-4-9", "claude-next", "", "  "})
    void anUnknownModelIsUnpricedNotGuessed(String model) {
        assertThat(cut.cost(model, new Usage(1000, 1000, 0, 0))).isEmpty();
    }

    @Test
    void noModelOrNoUsage() {
        assertThat(cut.cost(null, new Usage(1, 1, 0, 0))).isEmpty();
        assertThat(cut.cost("claude-haiku-4-5", null))
                .isEqualTo(Optional.of(new Cost(BigDecimal.ZERO, "claude-haiku-4-5", false)));
    }

    private String usd(String model, Usage usage) {
        return cut.cost(model, usage).orElseThrow().usd().toPlainString();
    }
}

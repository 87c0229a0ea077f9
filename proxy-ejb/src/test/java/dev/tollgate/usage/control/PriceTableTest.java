package dev.tollgate.usage.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.usage.entity.InvalidPriceTableException;
import dev.tollgate.usage.entity.ModelPrice;
import dev.tollgate.usage.entity.Rates;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceTableTest {

    private final PriceTable shipped = PriceTable.shipped();

    @ParameterizedTest
    @CsvSource({
        "claude-sonnet-4-5, claude-sonnet-4-5",
        "claude-sonnet-4-5-20250929, claude-sonnet-4-5",
        "claude-sonnet-4-5[1m], claude-sonnet-4-5",
        "claude-sonnet-4-5-20250929[1m], claude-sonnet-4-5",
        "CLAUDE-Sonnet-4-5, claude-sonnet-4-5",
        "claude-sonnet-4-20250514, claude-sonnet-4",
        "claude-sonnet-4@20250514, claude-sonnet-4",
        "claude-sonnet-4-0, claude-sonnet-4",
        "claude-opus-4-1-20250805, claude-opus-4-1",
        "claude-opus-4-20250514, claude-opus-4",
        "claude-opus-4-0, claude-opus-4",
        "claude-opus-4-5-20251101, claude-opus-4-5",
        "claude-opus-4-8, claude-opus-4-8",
        "claude-haiku-4-5-20251001, claude-haiku-4-5",
        "claude-3-5-haiku-latest, claude-3-5-haiku",
        "claude-3-5-haiku-20241022, claude-3-5-haiku",
        "claude-3-7-sonnet-20250219, claude-3-7-sonnet",
        "claude-3-haiku-20240307, claude-3-haiku",
        "claude-3-opus-20240229, claude-3-opus",
    })
    void modelIdsAsTheApiReportsThemFindTheirEntry(String model, String entry) {
        assertThat(shipped.find(model)).map(ModelPrice::model).hasValue(entry);
    }

    @ParameterizedTest
    @CsvSource({
        // a later version is not the earlier one's price
        "claude-opus-4-9",
        "claude-sonnet-4-6",
        "claude-haiku-4",
        // a prefix without a date after it
        "claude-sonnet-4-5-preview",
        "claude-sonnet-4-5x",
        "claude-3",
        "gpt-4o-2024-08-06",
    })
    void aModelOnlyResemblingAKnownOneIsNotFound(String model) {
        assertThat(shipped.find(model)).isEmpty();
    }

    @Test
    void theShippedCachePricesFollowAnthropicsMultipliersExceptForHaikuThree() {
        assertThat(shipped.entries()).hasSizeGreaterThanOrEqualTo(15);
        shipped.entries().values().stream()
                .filter(price -> !price.model().equals("claude-3-haiku"))
                .forEach(price -> {
                    assertMultipliers(price.model(), price.standard());
                    if (price.longContext() != null) {
                        assertMultipliers(price.model() + " long context", price.longContext());
                    }
                });
        assertThat(shipped.find("claude-3-haiku").orElseThrow().standard())
                .isEqualTo(rates("0.25", "1.25", "0.30", "0.50", "0.03"));
    }

    @Test
    void sonnetHasLongContextPricesAboveTwoHundredThousand() {
        ModelPrice sonnet = shipped.find("claude-sonnet-4-5").orElseThrow();

        assertThat(sonnet.longContextAboveInputTokens()).isEqualTo(200_000);
        assertThat(sonnet.longContext()).isEqualTo(rates("6", "22.50", "7.50", "12", "0.60"));
        assertThat(sonnet.standard()).isEqualTo(rates("3", "15", "3.75", "6", "0.30"));
    }

    @Test
    void anOverrideFileReplacesWholeEntriesAndAddsModels(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("prices.properties");
        Files.writeString(
                file,
                """
                # negotiated prices
                claude-sonnet-4-5.input=2
                claude-sonnet-4-5.output=10
                claude-sonnet-4-5.cache-write-5m=2.5
                claude-sonnet-4-5.cache-write-1h=4
                claude-sonnet-4-5.cache-read=0.2
                my-fine-tune.aliases=my-fine-tune-latest, ft-1
                my-fine-tune.input=1
                my-fine-tune.output=2
                my-fine-tune.cache-write-5m=3
                my-fine-tune.cache-write-1h=4
                my-fine-tune.cache-read=5
                """);

        PriceTable table = shipped.overriddenBy(PriceTable.read(file));

        ModelPrice sonnet = table.find("claude-sonnet-4-5-20250929").orElseThrow();
        assertThat(sonnet.standard()).isEqualTo(rates("2", "10", "2.5", "4", "0.2"));
        assertThat(sonnet.longContext())
                .as("replaced whole, long context included")
                .isNull();
        assertThat(table.find("FT-1")).map(ModelPrice::model).hasValue("my-fine-tune");
        assertThat(table.find("my-fine-tune-latest")).map(ModelPrice::model).hasValue("my-fine-tune");
        assertThat(table.find("claude-opus-4-1")).isEqualTo(shipped.find("claude-opus-4-1"));
        assertThat(table.entries()).hasSize(shipped.entries().size() + 1);
        assertThat(shipped.find("my-fine-tune"))
                .as("the shipped table is not changed")
                .isEmpty();
    }

    @Test
    void anOverridingAliasWinsOverAShippedAliasButNotOverAModelsOwnName() {
        PriceTable overrides = parse(
                """
                reserved.aliases=claude-opus-4-0, claude-opus-4-1
                reserved.input=1
                reserved.output=1
                reserved.cache-write-5m=1
                reserved.cache-write-1h=1
                reserved.cache-read=1
                """);

        PriceTable table = shipped.overriddenBy(overrides);

        assertThat(table.find("claude-opus-4-0")).map(ModelPrice::model).hasValue("reserved");
        assertThat(table.find("claude-opus-4-1")).map(ModelPrice::model).hasValue("claude-opus-4-1");
    }

    @Test
    void aMissingPriceIsAnErrorNotAZero() {
        assertThatThrownBy(
                        () -> parse(
                                """
                        m.input=1
                        m.output=1
                        m.cache-write-5m=1
                        m.cache-read=1
                        """))
                .isInstanceOf(InvalidPriceTableException.class)
                .hasMessageContaining("m.cache-write-1h is missing");
    }

    @Test
    void longContextPricesComeWithTheirThreshold() {
        assertThatThrownBy(
                        () -> parse(
                                """
                        m.input=1
                        m.output=1
                        m.cache-write-5m=1
                        m.cache-write-1h=1
                        m.cache-read=1
                        m.long-context.input=2
                        """))
                .isInstanceOf(InvalidPriceTableException.class)
                .hasMessageContaining("m.long-context.above-input-tokens is missing");
    }

    @Test
    void garbageIsReportedWithItsKey() {
        assertThatThrownBy(() -> parse("m.input=five"))
                .isInstanceOf(InvalidPriceTableException.class)
                .hasMessageContaining("test: m.input=five is not a non-negative number");
        assertThatThrownBy(() -> parse("m.input=-1"))
                .isInstanceOf(InvalidPriceTableException.class)
                .hasMessageContaining("not a non-negative number");
        assertThatThrownBy(() -> parse("m.inptu=1"))
                .isInstanceOf(InvalidPriceTableException.class)
                .hasMessageContaining("'m.inptu' is not <model>.<field>");
    }

    @Test
    void aMissingOverrideFileIsAnError(@TempDir Path directory) {
        assertThatThrownBy(() -> PriceTable.read(directory.resolve("absent.properties")))
                .isInstanceOf(InvalidPriceTableException.class)
                .hasMessageContaining("absent.properties could not be read");
    }

    @Test
    void modelIdsWithDotsAndColonsCanBeListed() {
        PriceTable table = parse(
                """
                anthropic.claude-x-v1\\:0.input=1
                anthropic.claude-x-v1\\:0.output=1
                anthropic.claude-x-v1\\:0.cache-write-5m=1
                anthropic.claude-x-v1\\:0.cache-write-1h=1
                anthropic.claude-x-v1\\:0.cache-read=1
                """);

        assertThat(table.entries().keySet()).containsExactly("anthropic.claude-x-v1:0");
    }

    private static PriceTable parse(String text) {
        return PriceTable.parse(new StringReader(text), "test");
    }

    private static Rates rates(String input, String output, String write5m, String write1h, String read) {
        return new Rates(
                new BigDecimal(input),
                new BigDecimal(output),
                new BigDecimal(write5m),
                new BigDecimal(write1h),
                new BigDecimal(read));
    }

    private static void assertMultipliers(String what, Rates rates) {
        List<BigDecimal> expected = List.of(
                rates.input().multiply(new BigDecimal("1.25")),
                rates.input().multiply(BigDecimal.valueOf(2)),
                rates.input().multiply(new BigDecimal("0.1")));
        List<BigDecimal> actual = List.of(rates.cacheWrite5m(), rates.cacheWrite1h(), rates.cacheRead());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as(what).isEqualByComparingTo(expected.get(i));
        }
    }
}

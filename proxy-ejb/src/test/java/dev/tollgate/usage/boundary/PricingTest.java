package dev.tollgate.usage.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.messages.entity.Usage;
import dev.tollgate.usage.entity.Cost;
import dev.tollgate.usage.entity.InvalidPriceTableException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricingTest {

    @Test
    void withoutAPricingFileTheShippedPricesApply() {
        Pricing pricing = pricing(Optional.empty());

        // 1000 x $1 + 1000 x $5 = $6000 per million
        assertThat(pricing.cost("claude-haiku-4-5-20251001", new Usage(1000, 1000, 0, 0), null))
                .hasValue(new Cost(new BigDecimal("0.006"), "claude-haiku-4-5", false));
        assertThat(pricing(Optional.of(" ")).cost("claude-haiku-4-5", Usage.NONE, null))
                .isPresent();
    }

    @Test
    void thePricingFileReplacesShippedEntries(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("prices.properties");
        Files.writeString(
                file,
                """
                claude-haiku-4-5.input=0.5
                claude-haiku-4-5.output=2.5
                claude-haiku-4-5.cache-write-5m=0.625
                claude-haiku-4-5.cache-write-1h=1
                claude-haiku-4-5.cache-read=0.05
                """);

        Pricing pricing = pricing(Optional.of(file.toString()));

        // 1000 x $0.50 + 1000 x $2.50 = $3000 per million
        assertThat(pricing.cost("claude-haiku-4-5", new Usage(1000, 1000, 0, 0), null))
                .map(Cost::usd)
                .hasValue(new BigDecimal("0.003000"));
    }

    @Test
    void aBrokenPricingFileStopsTheStart(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("prices.properties"), "claude-haiku-4-5.input=1\n");

        assertThatThrownBy(() -> pricing(Optional.of(file.toString())))
                .isInstanceOf(InvalidPriceTableException.class)
                .hasMessageContaining("claude-haiku-4-5.output is missing");
    }

    private static Pricing pricing(Optional<String> file) {
        Pricing pricing = new Pricing();
        pricing.pricingFile = file;
        pricing.load();
        return pricing;
    }
}

package dev.tollgate.usage.control;

import dev.tollgate.messages.entity.Usage;
import dev.tollgate.usage.entity.CacheWrites;
import dev.tollgate.usage.entity.Cost;
import dev.tollgate.usage.entity.ModelPrice;
import dev.tollgate.usage.entity.Rates;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The cost of one response's usage under a {@link PriceTable}: each kind of token times its price,
 * summed exactly and rounded once. Empty for a model the table does not price: an unknown model is
 * left unpriced rather than billed at some other model's rates.
 */
public final class CostCalculator {

    private static final BigDecimal PER_MILLION = BigDecimal.valueOf(1_000_000);

    private final PriceTable prices;

    public CostCalculator(PriceTable prices) {
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    /** The cost with every cache write counted as a 5 min write. */
    public Optional<Cost> cost(String model, Usage usage) {
        return cost(model, usage, CacheWrites.allFiveMinute(usage == null ? 0 : usage.cacheCreationInputTokens()));
    }

    /** The cost with the cache write split read from the response's {@code usage} JSON (may be null). */
    public Optional<Cost> cost(String model, Usage usage, String usageJson) {
        return cost(model, usage, CacheWritesReader.read(usage, usageJson));
    }

    /**
     * The cost with the given cache write split; {@code cacheWrites} replaces the usage's {@code
     * cache_creation_input_tokens}.
     */
    public Optional<Cost> cost(String model, Usage usage, CacheWrites cacheWrites) {
        Usage counted = usage == null ? Usage.NONE : usage;
        return prices.find(model).map(price -> cost(price, counted, cacheWrites));
    }

    private static Cost cost(ModelPrice price, Usage usage, CacheWrites cacheWrites) {
        // the long-context threshold counts all input, cached or not (Anthropic's long context pricing)
        long totalInput = usage.inputTokens() + cacheWrites.total() + usage.cacheReadInputTokens();
        Rates rates = price.ratesFor(totalInput);
        BigDecimal usdTimesMillion = times(usage.inputTokens(), rates.input())
                .add(times(usage.outputTokens(), rates.output()))
                .add(times(cacheWrites.fiveMinuteTokens(), rates.cacheWrite5m()))
                .add(times(cacheWrites.oneHourTokens(), rates.cacheWrite1h()))
                .add(times(usage.cacheReadInputTokens(), rates.cacheRead()));
        return new Cost(usdTimesMillion.divide(PER_MILLION), price.model(), price.isLongContext(totalInput));
    }

    private static BigDecimal times(long tokens, BigDecimal pricePerMillion) {
        return BigDecimal.valueOf(Math.max(0, tokens)).multiply(pricePerMillion);
    }
}

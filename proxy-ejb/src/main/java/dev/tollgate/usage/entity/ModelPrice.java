package dev.tollgate.usage.entity;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the price table: a model id (the undated one, such as {@code claude-sonnet-4-5}),
 * the other ids it goes by, and its prices.
 *
 * @param aliases further ids priced the same, such as {@code claude-opus-4-0} or {@code
 *     claude-3-5-haiku-latest}; dated ids need no alias, they are found by their undated prefix
 * @param longContextAboveInputTokens for models billed at a premium once a request's input
 *     (uncached, cache writes and cache reads together) exceeds this many tokens; 0 for none
 * @param longContext the premium prices, or null when the model has none
 */
public record ModelPrice(
        String model, List<String> aliases, Rates standard, long longContextAboveInputTokens, Rates longContext) {

    public ModelPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(standard, "standard");
        aliases = List.copyOf(aliases);
        if ((longContext == null) != (longContextAboveInputTokens == 0) || longContextAboveInputTokens < 0) {
            throw new IllegalArgumentException(
                    model + ": long-context prices and their threshold come together or not at all");
        }
    }

    public ModelPrice(String model, Rates standard) {
        this(model, List.of(), standard, 0, null);
    }

    /** The band a request with this much input (uncached + cache writes + cache reads) is billed in. */
    public Rates ratesFor(long totalInputTokens) {
        return isLongContext(totalInputTokens) ? longContext : standard;
    }

    public boolean isLongContext(long totalInputTokens) {
        return longContext != null && totalInputTokens > longContextAboveInputTokens;
    }
}

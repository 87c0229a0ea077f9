package dev.tollgate.usage.entity;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The five prices of one model in one pricing band, in USD per million tokens.
 *
 * <p>Cache prices are stored, not derived from the input price: they follow 1.25x / 2x / 0.1x for
 * most models, but not for all (Claude Haiku 3 writes its cache at $0.30 on $0.25 input).
 */
public record Rates(
        BigDecimal input, BigDecimal output, BigDecimal cacheWrite5m, BigDecimal cacheWrite1h, BigDecimal cacheRead) {

    public Rates {
        requireNonNegative(input, "input");
        requireNonNegative(output, "output");
        requireNonNegative(cacheWrite5m, "cache-write-5m");
        requireNonNegative(cacheWrite1h, "cache-write-1h");
        requireNonNegative(cacheRead, "cache-read");
    }

    private static void requireNonNegative(BigDecimal price, String name) {
        Objects.requireNonNull(price, name);
        if (price.signum() < 0) {
            throw new IllegalArgumentException(name + " price is negative: " + price);
        }
    }
}

package dev.tollgate.usage.entity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What one response cost, in USD.
 *
 * @param usd rounded to {@link #SCALE} decimal places (a millionth of a dollar), half-even
 * @param priceEntry the price table entry that was applied ({@code claude-sonnet-4-5} for
 *     {@code claude-sonnet-4-5-20250929}), so a cost can be traced to the price it came from
 * @param longContext whether the long-context premium applied
 */
public record Cost(BigDecimal usd, String priceEntry, boolean longContext) {

    public static final int SCALE = 6;

    public Cost {
        Objects.requireNonNull(usd, "usd");
        Objects.requireNonNull(priceEntry, "priceEntry");
        usd = usd.setScale(SCALE, RoundingMode.HALF_EVEN);
    }
}

package dev.tollgate.dashboard;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The values native queries return, as the dashboard's records want them. The query boundaries read
 * the journal with native SQL (aggregates, jsonb, partitions), whose column types the driver and
 * EclipseLink map in more than one way.
 */
public final class NativeValues {

    private NativeValues() {}

    /** A {@code timestamptz} column, or null. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return Instant.parse(value.toString());
    }

    /** A count or sum of integers. */
    public static long number(Object value) {
        return ((Number) value).longValue();
    }

    /** A sum of {@code numeric} values. */
    public static BigDecimal decimal(Object value) {
        return value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString());
    }
}

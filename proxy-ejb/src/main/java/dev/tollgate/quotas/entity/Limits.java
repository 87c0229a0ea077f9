package dev.tollgate.quotas.entity;

import java.util.List;

/**
 * The limits of one train or one client key.
 *
 * @param name what ops call the subject (e.g. "alice's laptop"), for logs; null when not given
 * @param limits every limit that applies; empty means none (an entry that exempts its subject from
 *     the default)
 */
public record Limits(String name, List<Limit> limits) {

    public static final Limits NONE = new Limits(null, List.of());

    public Limits {
        limits = List.copyOf(limits);
    }

    public boolean isEmpty() {
        return limits.isEmpty();
    }
}

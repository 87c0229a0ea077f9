package dev.tollgate.dashboard.keys.entity;

import java.time.Instant;

/** A key as the list shows it: never the key, only its ends. */
public record IssuedKey(
        String id,
        String name,
        String trainId,
        String prefix,
        String suffix,
        Instant createdAt,
        String createdBy,
        Instant revokedAt) {

    public String display() {
        return prefix + "..." + suffix;
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}

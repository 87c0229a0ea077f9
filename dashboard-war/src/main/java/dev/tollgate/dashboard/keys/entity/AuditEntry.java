package dev.tollgate.dashboard.keys.entity;

import java.time.Instant;

/** One line of the dashboard's audit log. */
public record AuditEntry(
        Instant at, String identity, String method, String clientAddress, String action, String target) {}

package dev.tollgate.dashboard.security.entity;

import java.time.Instant;
import java.util.List;

/** Refused client authentications in a window of time. */
public record AuthFailures(long total, List<BySource> bySource, List<ByHour> byHour) {

    /** From one train and address: how many, and the last one's time and reason. */
    public record BySource(String trainId, String clientAddress, long failures, Instant last, String reason) {}

    public record ByHour(Instant hour, long failures) {}
}

package dev.tollgate.dashboard.requests.entity;

import java.math.BigDecimal;
import java.time.Instant;

/** One line of the requests table. */
public record RequestRow(
        String requestId,
        Instant timestamp,
        String trainId,
        String accountId,
        String model,
        String requestType,
        Integer status,
        boolean streaming,
        long inputTokens,
        long outputTokens,
        BigDecimal costUsd,
        Long durationMs,
        String error) {}

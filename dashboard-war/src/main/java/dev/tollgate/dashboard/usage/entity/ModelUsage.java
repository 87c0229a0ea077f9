package dev.tollgate.dashboard.usage.entity;

import java.math.BigDecimal;

/** One account's use of one model in the last 5 hours. */
public record ModelUsage(String accountId, String model, long requests, long totalTokens, BigDecimal costUsd) {}

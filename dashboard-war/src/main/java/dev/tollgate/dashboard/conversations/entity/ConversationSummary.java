package dev.tollgate.dashboard.conversations.entity;

import java.math.BigDecimal;
import java.time.Instant;

/** One conversation in the list. */
public record ConversationSummary(
        String conversationId,
        Instant started,
        Instant last,
        long requests,
        long branches,
        boolean subtask,
        long totalTokens,
        BigDecimal costUsd,
        String model,
        String trainId) {}

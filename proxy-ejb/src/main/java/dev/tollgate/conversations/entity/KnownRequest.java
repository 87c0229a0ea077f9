package dev.tollgate.conversations.entity;

import java.time.Instant;
import java.util.UUID;

/** An earlier request, already linked, as the conversation index returns it. */
public record KnownRequest(
        UUID requestId,
        Instant timestamp,
        String scope,
        String currentHash,
        String parentHash,
        String systemHash,
        UUID conversationId,
        String branchId,
        boolean subtask,
        UUID parentTaskRequestId) {}

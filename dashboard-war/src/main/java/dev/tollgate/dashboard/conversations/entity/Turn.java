package dev.tollgate.dashboard.conversations.entity;

import java.time.Instant;

/**
 * One request of a conversation, with the linker's columns that place it in the tree.
 *
 * @param parentHash the hash of the turns this request continued, null for a first turn
 * @param currentHash the hash of the turns this request sent
 * @param parentTaskRequestId for a sub-agent's turn, the request whose answer started the sub-agent
 */
public record Turn(
        String requestId,
        String conversationId,
        Instant timestamp,
        String branchId,
        String parentHash,
        String currentHash,
        String parentTaskRequestId,
        int messageCount,
        String model,
        Integer status,
        long outputTokens,
        boolean subtask) {

    public boolean onMain() {
        return branchId == null || "main".equals(branchId);
    }

    public boolean failed() {
        return status != null && status >= 400;
    }
}

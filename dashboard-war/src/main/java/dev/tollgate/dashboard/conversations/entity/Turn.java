package dev.tollgate.dashboard.conversations.entity;

import java.time.Instant;

/**
 * One request of a conversation.
 *
 * @param subAgentConversation for a turn whose answer started a sub-agent, that sub-agent's
 *     conversation, else null
 */
public record Turn(
        String requestId,
        Instant timestamp,
        String branchId,
        int messageCount,
        String model,
        Integer status,
        long outputTokens,
        boolean subtask,
        String subAgentConversation) {

    public boolean onMain() {
        return branchId == null || "main".equals(branchId);
    }
}

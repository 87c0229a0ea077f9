package dev.tollgate.conversations.entity;

import java.util.UUID;

/**
 * The conversation columns of one {@code api_requests} row.
 *
 * @param currentMessageHash hash of all the request's turns
 * @param parentMessageHash hash of the turns minus the last assistant and user pair; for the first
 *     request after a compaction, the current hash of the request whose answer was the summary
 * @param conversationId inherited from the parent request, else the id of this request
 * @param branchId {@code main}, or {@code branch_...} / {@code compact_...} where a conversation forks
 * @param subtask true for the requests of a sub-agent started by a {@code Task} or {@code Agent} tool
 * @param parentTaskRequestId for a sub-agent, the request whose answer called the tool
 * @param taskToolInvocation on a sub-agent's first request, the {@code tool_use} block (JSON)
 */
public record ConversationLink(
        String currentMessageHash,
        String parentMessageHash,
        UUID conversationId,
        String branchId,
        int messageCount,
        String systemHash,
        boolean subtask,
        UUID parentTaskRequestId,
        String taskToolInvocation) {

    public static final String MAIN = "main";

    /** For a body that is no Messages API request: the columns stay empty. */
    public static final ConversationLink NONE =
            new ConversationLink(null, null, null, null, 0, null, false, null, null);
}

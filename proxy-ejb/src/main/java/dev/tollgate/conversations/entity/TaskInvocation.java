package dev.tollgate.conversations.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * A {@code Task} or {@code Agent} tool call found in a response: the sub-agent it starts sends the
 * prompt as its first user message.
 *
 * @param requestId the request whose response holds the call
 * @param timestamp that request's timestamp
 * @param prompt the tool's {@code input.prompt}, trimmed
 * @param toolUse the whole {@code tool_use} block as JSON
 */
public record TaskInvocation(UUID requestId, Instant timestamp, String scope, String prompt, String toolUse) {}

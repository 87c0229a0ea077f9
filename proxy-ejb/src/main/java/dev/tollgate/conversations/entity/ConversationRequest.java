package dev.tollgate.conversations.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * One journaled request as the conversation linker needs it.
 *
 * @param scope the partition within which requests may link to each other (the writer passes the
 *     client's key hash, so two clients who both start with "hi" never share a conversation); null
 *     is a scope of its own
 * @param requestBody the request body as sent (JSON text), or null
 * @param responseMessage the response as one JSON message (for a stream, the message rebuilt from
 *     its events), or null; its {@code Task}/{@code Agent} tool calls and compaction summary are
 *     remembered for later requests
 */
public record ConversationRequest(
        UUID requestId, Instant timestamp, String scope, String requestBody, String responseMessage) {}

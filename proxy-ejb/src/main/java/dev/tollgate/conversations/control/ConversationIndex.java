package dev.tollgate.conversations.control;

import dev.tollgate.conversations.entity.KnownRequest;
import dev.tollgate.conversations.entity.TaskInvocation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What {@link ConversationLinker} needs to know about earlier requests. A port because it has two
 * answers: in production the journal writer's recent requests in memory, backed by one database
 * query per batch for what memory no longer holds; in tests {@link RecentConversationIndex} alone.
 *
 * <p>Every lookup is within one scope (see {@code ConversationRequest#scope}); a null scope is a
 * scope of its own. Called from one thread (the journal writer), so implementations need no locks.
 */
public interface ConversationIndex {

    /**
     * The latest request whose turns hash to {@code currentHash}; among several, one with the same
     * system hash wins over a later one with another (a client's side requests reuse the turns of the
     * main conversation under another system prompt).
     */
    Optional<KnownRequest> latestByCurrentHash(String scope, String currentHash, String systemHash);

    /** The requests of the conversation whose parent hash is {@code parentHash}, on any branch. */
    List<KnownRequest> children(String scope, UUID conversationId, String parentHash);

    /** The latest {@code Task}/{@code Agent} call with exactly this prompt, made at or after {@code notBefore}. */
    Optional<TaskInvocation> latestTaskInvocation(String scope, String prompt, Instant notBefore);

    /**
     * The latest request, at or after {@code notBefore}, whose response was a compaction summary
     * (as given to {@link #add}) that occurs in {@code text}.
     */
    Optional<KnownRequest> compactionSource(String scope, String text, Instant notBefore);

    /**
     * Makes a request known as soon as it is linked, so that the next requests of the same batch
     * can link to it.
     *
     * @param taskInvocations the {@code Task}/{@code Agent} calls of its response
     * @param compactionSummary the summary its response gave, whitespace collapsed, or null
     */
    void add(KnownRequest request, List<TaskInvocation> taskInvocations, String compactionSummary);
}

package dev.tollgate.conversations.control;

import dev.tollgate.conversations.entity.ConversationLink;
import dev.tollgate.conversations.entity.ConversationRequest;
import dev.tollgate.conversations.entity.KnownRequest;
import dev.tollgate.conversations.entity.MessageHashes;
import dev.tollgate.conversations.entity.TaskInvocation;
import dev.tollgate.messages.control.JsonDocuments;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the conversation columns of journaled requests, in the journal's background writer. A
 * request continues the earlier request whose turns are its own minus the last assistant and user
 * pair; the rules, in the order they are tried, are in {@code docs/conversations.md}.
 *
 * <p>The linker keeps no state of its own: what it knows of earlier requests is the
 * {@link ConversationIndex}, which it feeds with every request it links, so that the requests of
 * one batch link to each other in order.
 */
public class ConversationLinker {

    /**
     * How long after the request whose answer called a {@code Task}/{@code Agent} tool a sub-agent's
     * first request is matched to it. A sub-agent starts as soon as the call arrives, but the answer
     * may stream for many minutes after its request's timestamp; an hour covers that with room to
     * spare, while a user typing the same text much later is not taken for a sub-agent.
     */
    public static final Duration TASK_WINDOW = Duration.ofHours(1);

    /**
     * How far back a compaction summary is searched. Claude Code compacts on its own and continues at
     * once, but after a manual {@code /compact} the next request waits for the user's next prompt.
     */
    public static final Duration COMPACTION_WINDOW = Duration.ofHours(24);

    /** How Claude Code begins the first message of a conversation continued from a summary. */
    static final String COMPACTION_MARKER = "This session is being continued from a previous conversation";

    /**
     * How much of a summary must occur in the continuation: enough to be unmistakable, short enough
     * that the end Claude Code may trim or reformat does not matter.
     */
    static final int SUMMARY_KEY_LENGTH = 1000;

    static final Set<String> TASK_TOOLS = Set.of("Task", "Agent");

    private static final DateTimeFormatter BRANCH_TIME =
            DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC);

    private final MessageHasher hasher = new MessageHasher();
    private final ConversationIndex index;

    public ConversationLinker(ConversationIndex index) {
        this.index = index;
    }

    /** Links the requests in the order given (the journal's order); the result is in the same order. */
    public List<ConversationLink> link(List<ConversationRequest> batch) {
        List<ConversationLink> links = new ArrayList<>(batch.size());
        for (ConversationRequest request : batch) {
            links.add(link(request));
        }
        return links;
    }

    /** Links one request and makes it known to the index. */
    public ConversationLink link(ConversationRequest request) {
        MessageHashes hashes = hasher.hash(request.requestBody());
        if (hashes.isNone()) {
            return ConversationLink.NONE;
        }
        ConversationLink link = decide(request, hashes);
        index.add(
                new KnownRequest(
                        request.requestId(),
                        request.timestamp(),
                        request.scope(),
                        link.currentMessageHash(),
                        link.parentMessageHash(),
                        link.systemHash(),
                        link.conversationId(),
                        link.branchId(),
                        link.subtask(),
                        link.parentTaskRequestId()),
                taskInvocations(request),
                compactionSummary(request.responseMessage()));
        return link;
    }

    private ConversationLink decide(ConversationRequest request, MessageHashes hashes) {
        String scope = request.scope();
        Optional<KnownRequest> parent = hashes.parentHash() == null
                ? Optional.empty()
                : index.latestByCurrentHash(scope, hashes.parentHash(), hashes.systemHash());
        if (parent.isPresent()) {
            return continuation(request, hashes, parent.get());
        }
        if (hashes.firstUserText().startsWith(COMPACTION_MARKER)) {
            Optional<KnownRequest> source = index.compactionSource(
                    scope,
                    collapseWhitespace(hashes.firstUserText()),
                    request.timestamp().minus(COMPACTION_WINDOW));
            if (source.isPresent()) {
                return new ConversationLink(
                        hashes.currentHash(),
                        source.get().currentHash(),
                        source.get().conversationId(),
                        branchName("compact_", request),
                        hashes.messageCount(),
                        hashes.systemHash(),
                        false,
                        null,
                        null);
            }
        }
        Optional<TaskInvocation> task = hashes.firstUserText().isEmpty()
                ? Optional.empty()
                : index.latestTaskInvocation(
                        scope, hashes.firstUserText(), request.timestamp().minus(TASK_WINDOW));
        // a sub-agent gets a conversation of its own: its turns are a hash chain of their own, which
        // would read as a second, unrelated branch inside the caller's; parent_task_request_id keeps the link
        return new ConversationLink(
                hashes.currentHash(),
                hashes.parentHash(),
                request.requestId(),
                ConversationLink.MAIN,
                hashes.messageCount(),
                hashes.systemHash(),
                task.isPresent(),
                task.map(TaskInvocation::requestId).orElse(null),
                task.map(TaskInvocation::toolUse).orElse(null));
    }

    /**
     * The next turn of the parent's conversation: on the branch of an earlier request with the same
     * turns (a retry), else on a new branch if the parent was already continued differently (an edit
     * or a regenerated answer), else on the parent's branch.
     */
    private ConversationLink continuation(ConversationRequest request, MessageHashes hashes, KnownRequest parent) {
        List<KnownRequest> siblings = index.children(request.scope(), parent.conversationId(), hashes.parentHash());
        String branch = siblings.stream()
                .filter(sibling -> sibling.currentHash().equals(hashes.currentHash()))
                .reduce((earlier, later) -> later.timestamp().isBefore(earlier.timestamp()) ? earlier : later)
                .map(KnownRequest::branchId)
                .orElse(siblings.isEmpty() ? parent.branchId() : branchName("branch_", request));
        return new ConversationLink(
                hashes.currentHash(),
                hashes.parentHash(),
                parent.conversationId(),
                branch,
                hashes.messageCount(),
                hashes.systemHash(),
                parent.subtask(),
                parent.parentTaskRequestId(),
                null);
    }

    /**
     * {@code prefix} + the request's time of day (UTC) + the start of its id: readable in the
     * dashboard, unique without asking the database which names are taken, and the same when a batch
     * is linked again.
     */
    static String branchName(String prefix, ConversationRequest request) {
        return prefix + BRANCH_TIME.format(request.timestamp()) + "_"
                + request.requestId().toString().substring(0, 8);
    }

    /** The {@code Task}/{@code Agent} tool calls of the response that carry a prompt. */
    static List<TaskInvocation> taskInvocations(ConversationRequest request) {
        List<TaskInvocation> invocations = new ArrayList<>();
        for (JsonValue value : contentOf(request.responseMessage())) {
            if (value instanceof JsonObject block
                    && "tool_use".equals(stringOrNull(block, "type"))
                    && TASK_TOOLS.contains(stringOrNull(block, "name"))
                    && block.get("input") instanceof JsonObject input
                    && input.get("prompt") instanceof JsonString prompt
                    && !prompt.getString().isBlank()) {
                invocations.add(new TaskInvocation(
                        request.requestId(),
                        request.timestamp(),
                        request.scope(),
                        prompt.getString().strip(),
                        block.toString()));
            }
        }
        return invocations;
    }

    /**
     * The summary a compaction request's answer gave: what its text holds between {@code <summary>}
     * and {@code </summary>}, whitespace collapsed, at most {@link #SUMMARY_KEY_LENGTH} characters;
     * null for any other answer.
     */
    static String compactionSummary(String responseMessage) {
        StringBuilder text = new StringBuilder();
        for (JsonValue value : contentOf(responseMessage)) {
            if (value instanceof JsonObject block
                    && "text".equals(stringOrNull(block, "type"))
                    && block.get("text") instanceof JsonString s) {
                text.append(s.getString()).append('\n');
            }
        }
        int start = text.indexOf("<summary>");
        if (start < 0) {
            return null;
        }
        int end = text.indexOf("</summary>", start);
        String summary =
                collapseWhitespace(text.substring(start + "<summary>".length(), end < 0 ? text.length() : end));
        if (summary.isEmpty()) {
            return null;
        }
        return summary.length() > SUMMARY_KEY_LENGTH ? summary.substring(0, SUMMARY_KEY_LENGTH) : summary;
    }

    static String collapseWhitespace(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    private static List<JsonValue> contentOf(String responseMessage) {
        JsonObject message = JsonDocuments.parseObjectOrNull(responseMessage);
        return message != null && message.get("content") instanceof JsonArray content ? content : List.of();
    }

    private static String stringOrNull(JsonObject object, String key) {
        return object.get(key) instanceof JsonString s ? s.getString() : null;
    }
}

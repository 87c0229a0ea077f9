package dev.tollgate.conversations.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.conversations.entity.ConversationLink;
import dev.tollgate.conversations.entity.ConversationRequest;
import dev.tollgate.messages.control.JsonDocuments;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConversationLinkerTest {

    private static final String SYSTEM = "You are Claude Code.";
    private static final String SCOPE = "client-key-hash";

    private final RecentConversationIndex index = new RecentConversationIndex(1000);
    private final ConversationLinker cut = new ConversationLinker(index);

    private Instant clock = Instant.parse("2026-11-22T03:59:22Z");

    /** A request body: the given turns, alternating user and assistant, under the system prompt. */
    private static String body(String system, String... turns) {
        JsonArrayBuilder messages = JSON.createArrayBuilder();
        for (int i = 0; i < turns.length; i++) {
            messages.add(JSON.createObjectBuilder()
                    .add("role", i % 2 == 0 ? "user" : "assistant")
                    .add("content", turns[i]));
        }
        return JSON.createObjectBuilder()
                .add("model", "claude-opus-4-8")
                .add("system", system)
                .add("messages", messages)
                .build()
                .toString();
    }

    private static String answer(String text) {
        return JSON.createObjectBuilder()
                .add("type", "message")
                .add("role", "assistant")
                .add(
                        "content",
                        JSON.createArrayBuilder()
                                .add(JSON.createObjectBuilder()
                                        .add("type", "text")
                                        .add("text", text)))
                .build()
                .toString();
    }

    private ConversationRequest request(String body, String response) {
        return request(SCOPE, body, response);
    }

    private ConversationRequest request(String scope, String body, String response) {
        clock = clock.plusSeconds(7);
        return new ConversationRequest(UUID.randomUUID(), clock, scope, body, response);
    }

    @Test
    void aLinearConversationSharesOneConversationOnMain() {
        ConversationRequest first = request(body(SYSTEM, "hi"), answer("Hello!"));
        ConversationRequest second = request(body(SYSTEM, "hi", "Hello!", "how are you?"), answer("Fine."));
        ConversationRequest third =
                request(body(SYSTEM, "hi", "Hello!", "how are you?", "Fine.", "good"), answer("Bye."));

        List<ConversationLink> links = cut.link(List.of(first, second, third)); // one batch

        assertThat(links).extracting(ConversationLink::conversationId).containsOnly(first.requestId());
        assertThat(links).extracting(ConversationLink::branchId).containsOnly("main");
        assertThat(links).extracting(ConversationLink::messageCount).containsExactly(1, 3, 5);
        assertThat(links.get(0).parentMessageHash()).isNull();
        assertThat(links.get(1).parentMessageHash()).isEqualTo(links.get(0).currentMessageHash());
        assertThat(links.get(2).parentMessageHash()).isEqualTo(links.get(1).currentMessageHash());
        assertThat(links).extracting(ConversationLink::subtask).containsOnly(false);
        assertThat(links.get(0).systemHash()).isNotNull().isEqualTo(links.get(2).systemHash());
    }

    @Test
    void requestsOfLaterBatchesLinkToEarlierOnes() {
        ConversationLink first =
                cut.link(List.of(request(body(SYSTEM, "hi"), answer("Hello!")))).get(0);

        ConversationLink second = cut.link(List.of(request(body(SYSTEM, "hi", "Hello!", "go"), null)))
                .get(0);

        assertThat(second.conversationId()).isEqualTo(first.conversationId());
        assertThat(second.branchId()).isEqualTo("main");
    }

    @Test
    void anEditedTurnStartsABranchThatItsNextTurnsStayOn() {
        ConversationLink first = cut.link(request(body(SYSTEM, "hi"), answer("Hello!")));
        ConversationLink second = cut.link(request(body(SYSTEM, "hi", "Hello!", "write a poem"), answer("Roses")));
        ConversationRequest edit = request(body(SYSTEM, "hi", "Hello!", "write a haiku"), answer("Old pond"));

        ConversationLink edited = cut.link(edit);
        ConversationLink afterEdit =
                cut.link(request(body(SYSTEM, "hi", "Hello!", "write a haiku", "Old pond", "another"), null));
        ConversationLink secondEdit = cut.link(request(body(SYSTEM, "hi", "Hello!", "write a limerick"), null));
        ConversationLink mainGoesOn =
                cut.link(request(body(SYSTEM, "hi", "Hello!", "write a poem", "Roses", "longer"), null));

        assertThat(second.branchId()).isEqualTo("main");
        assertThat(edited.conversationId()).isEqualTo(first.conversationId());
        assertThat(edited.parentMessageHash()).isEqualTo(first.currentMessageHash());
        assertThat(edited.branchId())
                .isEqualTo("branch_035943_" + edit.requestId().toString().substring(0, 8));
        assertThat(afterEdit.branchId()).isEqualTo(edited.branchId());
        assertThat(afterEdit.conversationId()).isEqualTo(first.conversationId());
        assertThat(secondEdit.branchId()).startsWith("branch_").isNotIn("main", edited.branchId());
        assertThat(mainGoesOn.branchId()).isEqualTo("main");
    }

    @Test
    void aRetryOfATurnStaysOnItsBranch() {
        cut.link(request(body(SYSTEM, "hi"), answer("Hello!")));
        ConversationLink second = cut.link(request(body(SYSTEM, "hi", "Hello!", "write a poem"), null));
        ConversationLink edited = cut.link(request(body(SYSTEM, "hi", "Hello!", "write a haiku"), null));

        ConversationLink retryOfSecond = cut.link(request(body(SYSTEM, "hi", "Hello!", "write a poem"), null));
        ConversationLink retryOfEdit = cut.link(request(body(SYSTEM, "hi", "Hello!", "write a haiku"), null));

        assertThat(retryOfSecond.branchId()).isEqualTo("main");
        assertThat(retryOfSecond.conversationId()).isEqualTo(second.conversationId());
        assertThat(retryOfEdit.branchId()).isEqualTo(edited.branchId()).startsWith("branch_");
    }

    @Test
    void billingHeadersAndSystemRemindersDoNotBreakTheChain() {
        String first =
                """
                {"system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=2.1.197.123;"},
                           {"type":"text","text":"You are Claude Code."}],
                 "messages":[{"role":"user","content":[
                   {"type":"text","text":"<system-reminder>Today's date is 2026-11-22.</system-reminder>"},
                   {"type":"text","text":"say hi","cache_control":{"type":"ephemeral"}}]}]}""";
        String second =
                """
                {"system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=2.1.198.4;"},
                           {"type":"text","text":"You are Claude Code."}],
                 "messages":[{"role":"user","content":[
                   {"type":"text","text":"<system-reminder>Today's date is 2026-11-23.</system-reminder>"},
                   {"type":"text","text":"say hi"}]},
                  {"role":"system","content":"Available agent types: claude"},
                  {"role":"assistant","content":[{"type":"text","text":"Hi!"}]},
                  {"role":"user","content":[{"type":"text","text":"thanks","cache_control":{"type":"ephemeral"}}]}]}""";

        List<ConversationLink> links = cut.link(List.of(request(first, null), request(second, null)));

        assertThat(links.get(1).parentMessageHash()).isEqualTo(links.get(0).currentMessageHash());
        assertThat(links.get(1).conversationId()).isEqualTo(links.get(0).conversationId());
        assertThat(links.get(1).branchId()).isEqualTo("main");
        assertThat(links.get(1).messageCount()).isEqualTo(3);
    }

    @Test
    void theRealClaudeCodeRequestStartsAConversation() {
        JsonObject body = Fixtures.requestBody(Fixtures.CLAUDE_CODE_REQUEST);
        ConversationRequest request = request(body.toString(), answer("Hi!"));

        ConversationLink link = cut.link(request);

        assertThat(link.messageCount()).isEqualTo(1);
        assertThat(link.conversationId()).isEqualTo(request.requestId());
        assertThat(link.branchId()).isEqualTo("main");
        assertThat(link.currentMessageHash()).matches("[0-9a-f]{64}");
        assertThat(link.systemHash()).matches("[0-9a-f]{64}");
        assertThat(link.parentMessageHash()).isNull();
        assertThat(link.subtask()).isFalse();
    }

    @Test
    void aSideRequestUnderAnotherSystemPromptDoesNotCaptureTheConversation() {
        ConversationLink main = cut.link(request(body(SYSTEM, "hi"), answer("Hello!")));
        cut.link(request(body("Write a title for this conversation.", "hi"), answer("Greeting")));

        ConversationLink next = cut.link(request(body(SYSTEM, "hi", "Hello!", "go"), null));

        assertThat(next.conversationId()).isEqualTo(main.conversationId());
    }

    @Test
    void requestsOfAnotherScopeNeverLink() {
        ConversationLink mine = cut.link(request("alice", body(SYSTEM, "hi"), answer("Hello!")));
        ConversationRequest theirs = request("bob", body(SYSTEM, "hi", "Hello!", "go"), null);

        ConversationLink link = cut.link(theirs);

        assertThat(link.conversationId()).isEqualTo(theirs.requestId()).isNotEqualTo(mine.conversationId());
        assertThat(link.parentMessageHash()).isEqualTo(mine.currentMessageHash()); // the hash is still the hash
    }

    private static final String SUMMARY =
            """
            1. Primary Request and Intent:
               The user asked for a poem about the sea, then for a shorter version.
            2. Pending Tasks: none.""";

    @Test
    void aCompactedConversationContinuesOnACompactBranch() {
        ConversationLink first = cut.link(request(body(SYSTEM, "write a poem"), answer("The sea...")));
        String compactRequest = body(
                SYSTEM,
                "write a poem",
                "The sea...",
                "Your task is to create a detailed summary of the conversation so far.");
        ConversationLink compaction = cut.link(request(
                compactRequest,
                answer("<analysis>The user wants poems.</analysis>\n\n<summary>\n" + SUMMARY + "\n</summary>")));
        String continued = "This session is being continued from a previous conversation that ran out of context."
                + " The conversation is summarized below:\nSummary:\n"
                + SUMMARY.replace("\n   ", "\n  ")
                + "\nPlease continue the conversation from where we left it off.";
        ConversationRequest afterCompaction = request(body(SYSTEM, continued), answer("Here is a shorter one."));

        ConversationLink link = cut.link(afterCompaction);
        ConversationLink nextTurn =
                cut.link(request(body(SYSTEM, continued, "Here is a shorter one.", "thanks"), null));

        assertThat(compaction.conversationId()).isEqualTo(first.conversationId());
        assertThat(link.conversationId()).isEqualTo(first.conversationId());
        assertThat(link.branchId())
                .isEqualTo("compact_035943_"
                        + afterCompaction.requestId().toString().substring(0, 8));
        assertThat(link.parentMessageHash()).isEqualTo(compaction.currentMessageHash());
        assertThat(link.messageCount()).isEqualTo(1);
        assertThat(nextTurn.conversationId()).isEqualTo(first.conversationId());
        assertThat(nextTurn.branchId()).isEqualTo(link.branchId());
    }

    @Test
    void aCompactionWhoseSummaryIsUnknownStartsAConversation() {
        ConversationRequest orphan = request(
                body(SYSTEM, "This session is being continued from a previous conversation. Summary: lost."), null);

        ConversationLink link = cut.link(orphan);

        assertThat(link.conversationId()).isEqualTo(orphan.requestId());
        assertThat(link.branchId()).isEqualTo("main");
    }

    @Test
    void aCompactionSummaryIsTheTextBetweenSummaryTagsWhitespaceCollapsed() {
        assertThat(ConversationLinker.compactionSummary(answer("<summary>\n  a\n\n  b </summary> tail")))
                .isEqualTo("a b");
        assertThat(ConversationLinker.compactionSummary(answer("no summary here")))
                .isNull();
        assertThat(ConversationLinker.compactionSummary("not json")).isNull();
        assertThat(ConversationLinker.compactionSummary(answer("<summary>" + "x".repeat(5000))))
                .hasSize(ConversationLinker.SUMMARY_KEY_LENGTH);
    }

    private static String agentCall(String toolName, String prompt) {
        return JSON.createObjectBuilder()
                .add("type", "message")
                .add("role", "assistant")
                .add(
                        "content",
                        JSON.createArrayBuilder()
                                .add(JSON.createObjectBuilder()
                                        .add("type", "text")
                                        .add("text", "Delegating."))
                                .add(JSON.createObjectBuilder()
                                        .add("type", "tool_use")
                                        .add("id", "toolu_01" + toolName)
                                        .add("name", toolName)
                                        .add(
                                                "input",
                                                JSON.createObjectBuilder()
                                                        .add("description", "Find the config")
                                                        .add("prompt", prompt)
                                                        .add("subagent_type", "Explore"))))
                .add("stop_reason", "tool_use")
                .build()
                .toString();
    }

    private static String subAgentFirstRequest(String prompt) {
        return JSON.createObjectBuilder()
                .add("system", "You are an agent for Claude Code.")
                .add(
                        "messages",
                        JSON.createArrayBuilder()
                                .add(JSON.createObjectBuilder()
                                        .add("role", "user")
                                        .add(
                                                "content",
                                                JSON.createArrayBuilder()
                                                        .add(
                                                                JSON.createObjectBuilder()
                                                                        .add("type", "text")
                                                                        .add(
                                                                                "text",
                                                                                "<system-reminder>\nToday is 2026-11-22.\n</system-reminder>"))
                                                        .add(JSON.createObjectBuilder()
                                                                .add("type", "text")
                                                                .add("text", prompt)))))
                .build()
                .toString();
    }

    @Test
    void aRequestWhosePromptAnAgentToolCallGaveIsASubtask() {
        String prompt = "Find where the database URL is configured and report the file.";
        ConversationRequest caller = request(body(SYSTEM, "where is the db configured?"), agentCall("Agent", prompt));
        ConversationRequest subAgent = request(subAgentFirstRequest(prompt), answer("In config.yaml."));

        List<ConversationLink> links = cut.link(List.of(caller, subAgent));
        ConversationLink subAgentNextTurn = cut.link(request(
                """
                {"system":"You are an agent for Claude Code.","messages":[
                 {"role":"user","content":[{"type":"text","text":"%s"}]},
                 {"role":"assistant","content":"In config.yaml."},{"role":"user","content":"more"}]}"""
                        .formatted(prompt),
                null));

        ConversationLink link = links.get(1);
        assertThat(links.get(0).subtask()).isFalse();
        assertThat(link.subtask()).isTrue();
        assertThat(link.parentTaskRequestId()).isEqualTo(caller.requestId());
        assertThat(link.conversationId())
                .isEqualTo(subAgent.requestId())
                .isNotEqualTo(links.get(0).conversationId());
        assertThat(link.branchId()).isEqualTo("main");
        JsonObject invocation = JsonDocuments.parseObjectOrNull(link.taskToolInvocation());
        assertThat(invocation.getString("id")).isEqualTo("toolu_01Agent");
        assertThat(invocation.getJsonObject("input").getString("prompt")).isEqualTo(prompt);
        assertThat(subAgentNextTurn.conversationId()).isEqualTo(subAgent.requestId());
        assertThat(subAgentNextTurn.subtask()).isTrue();
        assertThat(subAgentNextTurn.parentTaskRequestId()).isEqualTo(caller.requestId());
        assertThat(subAgentNextTurn.taskToolInvocation()).isNull();
    }

    @Test
    void theTaskToolStartsSubtasksToo() {
        ConversationRequest caller = request(body(SYSTEM, "explore"), agentCall("Task", "List the modules."));
        cut.link(caller);

        ConversationLink link = cut.link(request(subAgentFirstRequest("List the modules."), null));

        assertThat(link.subtask()).isTrue();
        assertThat(link.parentTaskRequestId()).isEqualTo(caller.requestId());
    }

    @Test
    void aPromptTypedLongAfterTheToolCallIsNoSubtask() {
        cut.link(request(body(SYSTEM, "explore"), agentCall("Agent", "List the modules.")));
        clock = clock.plus(ConversationLinker.TASK_WINDOW).plus(Duration.ofMinutes(1));

        ConversationLink link = cut.link(request(subAgentFirstRequest("List the modules."), null));

        assertThat(link.subtask()).isFalse();
        assertThat(link.parentTaskRequestId()).isNull();
        assertThat(link.taskToolInvocation()).isNull();
    }

    @Test
    void otherToolsStartNoSubtask() {
        cut.link(request(body(SYSTEM, "explore"), agentCall("Bash", "List the modules.")));

        assertThat(cut.link(request(subAgentFirstRequest("List the modules."), null))
                        .subtask())
                .isFalse();
    }

    @Test
    void garbageBodiesGetNoLinkAndAreNotRemembered() {
        List<ConversationLink> links = cut.link(List.of(
                request(null, null),
                request("not json", "not json either"),
                request("{\"messages\":[42]}", agentCall("Agent", "x")),
                request("{\"model\":\"m\"}", "{\"content\":7}")));

        assertThat(links).containsOnly(ConversationLink.NONE);
        assertThat(index.size()).isZero();
    }

    @Test
    void oddResponsesAreIgnored() {
        ConversationLink link = cut.link(
                request(
                        body(SYSTEM, "hi"),
                        """
                {"content":[7,{"type":"tool_use","name":"Agent"},{"type":"tool_use","name":"Agent","input":{"prompt":3}},
                 {"type":"tool_use","name":"Task","input":{"prompt":"  "}},{"type":"text","text":null}]}"""));

        assertThat(link.conversationId()).isNotNull();
        assertThat(index.size()).isEqualTo(1);
    }
}

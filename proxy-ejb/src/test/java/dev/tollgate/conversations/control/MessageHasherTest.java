package dev.tollgate.conversations.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.conversations.entity.MessageHashes;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageHasherTest {

    private final MessageHasher cut = new MessageHasher();

    private MessageHashes hash(String body) {
        return cut.hash(body);
    }

    @Test
    void hashesAreLowercaseHexSha256() {
        MessageHashes hashes =
                hash("""
                {"system":"be brief","messages":[{"role":"user","content":"hi"}]}""");

        assertThat(hashes.currentHash()).matches("[0-9a-f]{64}");
        assertThat(hashes.systemHash()).matches("[0-9a-f]{64}").isNotEqualTo(hashes.currentHash());
        assertThat(hashes.parentHash()).isNull();
        assertThat(hashes.messageCount()).isEqualTo(1);
        assertThat(hashes.firstUserText()).isEqualTo("hi");
    }

    @Test
    void theParentOfThreeTurnsIsTheCurrentHashOfTheFirst() {
        MessageHashes first = hash("""
                {"messages":[{"role":"user","content":"hi"}]}""");
        MessageHashes third = hash(
                """
                {"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"Hello!"},
                 {"role":"user","content":"how are you?"}]}""");
        MessageHashes fifth = hash(
                """
                {"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"Hello!"},
                 {"role":"user","content":"how are you?"},{"role":"assistant","content":"Fine."},
                 {"role":"user","content":"good"}]}""");

        assertThat(third.parentHash()).isEqualTo(first.currentHash());
        assertThat(fifth.parentHash()).isEqualTo(third.currentHash());
        assertThat(third.messageCount()).isEqualTo(3);
        assertThat(fifth.messageCount()).isEqualTo(5);
        assertThat(fifth.currentHash()).isNotEqualTo(third.currentHash());
    }

    @Test
    void twoTurnsHaveNoParent() {
        MessageHashes hashes = hash(
                """
                {"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"Hel"}]}""");

        assertThat(hashes.messageCount()).isEqualTo(2);
        assertThat(hashes.parentHash()).isNull();
    }

    @Test
    void stringContentEqualsOneTextBlock() {
        assertThat(hash("""
                        {"messages":[{"role":"user","content":"hi"}]}"""))
                .isEqualTo(
                        hash(
                                """
                        {"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}"""));
    }

    @Test
    void cacheControlKeyOrderAndSurroundingWhitespaceDoNotCount() {
        MessageHashes plain = hash(
                """
                {"messages":[{"role":"user","content":[{"type":"text","text":"hi"},
                 {"type":"tool_result","tool_use_id":"t1","content":"ok"}]}]}""");
        MessageHashes decorated = hash(
                """
                {"messages":[{"content":[{"text":"hi\\n","type":"text","cache_control":{"type":"ephemeral"}},
                 {"content":[{"type":"text","text":"ok","cache_control":{"type":"ephemeral"}}],"tool_use_id":"t1",
                  "type":"tool_result"}],"role":"user"}]}""");

        assertThat(decorated.currentHash()).isEqualTo(plain.currentHash());
    }

    @Test
    void systemRemindersDoNotCountWhetherBlocksOrInline() {
        MessageHashes plain = hash("""
                {"messages":[{"role":"user","content":"say hi"}]}""");
        MessageHashes asBlock = hash(
                """
                {"messages":[{"role":"user","content":[
                  {"type":"text","text":"<system-reminder>\\nToday's date is 2026-11-22.\\n</system-reminder>\\n\\n"},
                  {"type":"text","text":"say hi"}]}]}""");
        MessageHashes inline = hash(
                """
                {"messages":[{"role":"user","content":
                  "<system-reminder>Today's date is 2026-11-23.</system-reminder>\\nsay hi<system-reminder>x</system-reminder>"}]}""");

        assertThat(asBlock).isEqualTo(plain);
        assertThat(inline).isEqualTo(plain);
        assertThat(inline.firstUserText()).isEqualTo("say hi");
    }

    @Test
    void thinkingBlocksDoNotCount() {
        MessageHashes without = hash(
                """
                {"messages":[{"role":"user","content":"hi"},
                 {"role":"assistant","content":[{"type":"text","text":"Hello!"}]},{"role":"user","content":"go"}]}""");
        MessageHashes with = hash(
                """
                {"messages":[{"role":"user","content":"hi"},
                 {"role":"assistant","content":[{"type":"thinking","thinking":"greet","signature":"c2ln"},
                  {"type":"redacted_thinking","data":"ZGF0YQ=="},{"type":"text","text":"Hello!"}]},
                 {"role":"user","content":"go"}]}""");

        assertThat(with).isEqualTo(without);
    }

    @Test
    void theBillingHeaderDoesNotCountInTheSystemHashButOtherSystemTextDoes() {
        String template =
                """
                {"system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=%s; cc_entrypoint=sdk-cli;"},
                  {"type":"text","text":"%s","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":"hi"}]}""";

        MessageHashes version1 = hash(template.formatted("2.1.197.123", "You are Claude Code."));
        MessageHashes version2 = hash(template.formatted("2.1.198.9", "You are Claude Code."));
        MessageHashes otherPrompt = hash(template.formatted("2.1.197.123", "You are a sub-agent."));
        MessageHashes asString = hash(
                """
                {"system":"You are Claude Code.","messages":[{"role":"user","content":"hi"}]}""");

        assertThat(version2).isEqualTo(version1);
        assertThat(asString).isEqualTo(version1);
        assertThat(otherPrompt.systemHash()).isNotEqualTo(version1.systemHash());
        assertThat(otherPrompt.currentHash()).isEqualTo(version1.currentHash());
    }

    @Test
    void onlyTheBillingHeaderIsNoSystemContent() {
        MessageHashes hashes = hash(
                """
                {"system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=2.1.197.123;"}],
                 "messages":[{"role":"user","content":"hi"}]}""");

        assertThat(hashes.systemHash()).isNull();
        assertThat(hashes.currentHash()).isNotNull();
    }

    @Test
    void systemRoleMessagesAreSystemContentNotTurns() {
        MessageHashes plain = hash(
                """
                {"system":"be brief","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"Hello!"},
                 {"role":"user","content":"go"}]}""");
        MessageHashes withSystemMessage = hash(
                """
                {"system":"be brief","messages":[{"role":"user","content":"hi"},
                 {"role":"system","content":"Available agent types: claude"},
                 {"role":"assistant","content":"Hello!"},{"role":"user","content":"go"}]}""");

        assertThat(withSystemMessage.messageCount()).isEqualTo(3);
        assertThat(withSystemMessage.currentHash()).isEqualTo(plain.currentHash());
        assertThat(withSystemMessage.parentHash()).isEqualTo(plain.parentHash());
        assertThat(withSystemMessage.systemHash()).isNotEqualTo(plain.systemHash());
    }

    @Test
    void theRealClaudeCodeRequestIsOneTurn() {
        JsonObject body = Fixtures.requestBody(Fixtures.CLAUDE_CODE_REQUEST);

        MessageHashes hashes = cut.hash(body.toString());

        assertThat(body.getJsonArray("messages")).hasSizeGreaterThan(1); // a role:system message follows
        assertThat(hashes.messageCount()).isEqualTo(1);
        assertThat(hashes.currentHash()).matches("[0-9a-f]{64}");
        assertThat(hashes.parentHash()).isNull();
        assertThat(hashes.systemHash()).matches("[0-9a-f]{64}");
        assertThat(hashes.firstUserText()).isEqualTo("say hi");
        assertThat(hashes.currentHash())
                .isEqualTo(
                        hash("""
                                {"messages":[{"role":"user","content":"say hi"}]}""")
                                .currentHash());
    }

    @Test
    void anotherClaudeCodeVersionGivesTheRealRequestTheSameHashes() {
        JsonObject body = Fixtures.requestBody(Fixtures.CLAUDE_CODE_REQUEST);
        JsonArray system = body.getJsonArray("system");
        JsonObject billing = system.getJsonObject(0);
        assertThat(billing.getString("text")).startsWith(MessageHasher.BILLING_HEADER_PREFIX);
        JsonObject newerBilling = JSON.createObjectBuilder(billing)
                .add("text", "x-anthropic-billing-header: cc_version=2.2.0.1; cc_entrypoint=sdk-cli;")
                .build();
        JsonObject newer = JSON.createObjectBuilder(body)
                .add("system", JSON.createArrayBuilder(system).set(0, newerBilling))
                .build();

        assertThat(cut.hash(newer.toString())).isEqualTo(cut.hash(body.toString()));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "not json",
                "[]",
                "{}",
                "{\"messages\":\"hi\"}",
                "{\"messages\":[]}",
                "{\"messages\":[\"hi\"]}",
                "{\"messages\":[{\"content\":\"hi\"}]}",
                "{\"messages\":[{\"role\":7,\"content\":\"hi\"}]}",
                "{\"messages\":[{\"role\":\"user\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":42}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},null]}",
                "{\"messages\":[{\"role\":\"system\",\"content\":\"only system\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} trailing",
            })
    void anythingElseHasNoHashes(String body) {
        assertThat(hash(body)).isEqualTo(MessageHashes.NONE);
    }

    @Test
    void oddBlocksAndSystemFieldsAreHashedNotRefused() {
        MessageHashes hashes = hash(
                """
                {"system":{"not":"an array"},"messages":[{"role":"user","content":[7,null,{"no":"type"},
                 {"type":"text","text":42},{"type":"tool_result","content":{"odd":true}}]}]}""");

        assertThat(hashes.currentHash()).matches("[0-9a-f]{64}");
        assertThat(hashes.systemHash()).isNull();
        assertThat(hashes.firstUserText()).isEmpty();
    }

    @Test
    void deeplyNestedJsonIsNoRequest() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(hash("{\"messages\":" + deep + "}")).isEqualTo(MessageHashes.NONE);
    }
}

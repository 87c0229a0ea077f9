package dev.tollgate.dashboard.requests.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dashboard.requests.entity.RenderedMessage;
import dev.tollgate.dashboard.requests.entity.RenderedMessage.Block;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationRenderingTest {

    private static final String REQUEST =
            """
            {"model":"claude-sonnet-4-5","system":[{"type":"text","text":"You are terse."}],
             "messages":[
              {"role":"user","content":"What is in notes.txt?"},
              {"role":"assistant","content":[
                {"type":"thinking","thinking":"I should read the file.","signature":"sig"},
                {"type":"tool_use","id":"toolu_1","name":"Read","input":{"file_path":"notes.txt"}}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"buy milk"}]},
                {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]}]}
            """;

    private static final String ANSWER =
            """
            {"type":"message","role":"assistant","content":[{"type":"text","text":"It says: buy milk."}],
             "stop_reason":"end_turn"}
            """;

    @Test
    void drawsSystemMessagesToolCallsResultsAndTheAnswerInOrder() {
        List<RenderedMessage> messages = ConversationRendering.render(REQUEST, ANSWER);
        assertThat(messages)
                .extracting(RenderedMessage::role)
                .containsExactly("system", "user", "assistant", "user", "answer");
        assertThat(messages.get(0).blocks()).containsExactly(new Block("text", "", "You are terse."));
        assertThat(messages.get(1).blocks()).containsExactly(new Block("text", "", "What is in notes.txt?"));

        List<Block> assistant = messages.get(2).blocks();
        assertThat(assistant.get(0)).isEqualTo(new Block("thinking", "", "I should read the file."));
        assertThat(assistant.get(0).collapsed()).isTrue();
        assertThat(assistant.get(1).kind()).isEqualTo("tool_use");
        assertThat(assistant.get(1).title()).isEqualTo("Read toolu_1");
        assertThat(assistant.get(1).text())
                .contains("\"file_path\"", "\"notes.txt\"")
                .contains("\n");

        List<Block> results = messages.get(3).blocks();
        assertThat(results.get(0)).isEqualTo(new Block("tool_result", "toolu_1", "buy milk"));
        // an image is named, its data never shown
        assertThat(results.get(1)).isEqualTo(new Block("image", "base64 image/png", ""));
        assertThat(messages.get(4).blocks()).containsExactly(new Block("text", "", "It says: buy milk."));
    }

    @Test
    void whatIsNotAMessagesBodyGivesWhatCanBeRecognisedAndNoException() {
        assertThat(ConversationRendering.render(null, null)).isEmpty();
        assertThat(ConversationRendering.render("not json", "[1,2]")).isEmpty();
        assertThat(ConversationRendering.render("{\"messages\":\"wrong\"}", "{\"type\":\"error\"}"))
                .isEmpty();
        assertThat(ConversationRendering.render(
                        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                                + "\"tool_use_id\":\"t\",\"is_error\":true,\"content\":\"boom\"}]}, 7]}",
                        null))
                .singleElement()
                .satisfies(user ->
                        assertThat(user.blocks()).containsExactly(new Block("tool_result", "t (error)", "boom")));
    }
}

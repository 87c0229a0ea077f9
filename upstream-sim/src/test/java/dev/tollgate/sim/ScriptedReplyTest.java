package dev.tollgate.sim;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptedReplyTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 43, 44, 1000})
    void textIsSplitIntoExactlyTheScriptedNumberOfNonEmptyPieces(int pieces) {
        ReplyBlock.Text text = ReplyBlock.Text.of(ScriptedReply.TEXT, pieces);

        assertThat(text.pieces()).hasSize(pieces).allSatisfy(piece -> assertThat(piece)
                .isNotEmpty());
        assertThat(String.join("", text.pieces())).startsWith(ScriptedReply.TEXT);
    }

    @Test
    void fewPiecesCarryTheSentenceExactly() {
        assertThat(String.join("", ReplyBlock.Text.of(ScriptedReply.TEXT, 3).pieces()))
                .isEqualTo(ScriptedReply.TEXT);
    }

    @Test
    void aScriptedToolInputIsNeverCutInsideASurrogatePair() {
        int splitsThatHitAPair = 0;
        for (int emoji = 1; emoji <= 4; emoji++) {
            JsonObject input = Json.createObjectBuilder()
                    .add("p", "\ud83d\ude00".repeat(emoji))
                    .build();
            String json = input.toString();
            if (Character.isLowSurrogate(json.charAt(json.length() / 2))) {
                splitsThatHitAPair++;
            }
            List<String> pieces = ScriptedReply.toolInputPieces(
                    Scenario.defaults().withContent(Scenario.Content.TOOL_USE).withToolInput(input));

            assertThat(pieces).hasSize(3);
            assertThat(String.join("", pieces)).isEqualTo(json);
            assertThat(pieces.get(2).charAt(0)).matches(c -> !Character.isLowSurrogate(c), "not a low surrogate");
        }
        assertThat(splitsThatHitAPair)
                .as("the inputs exercise a split inside a pair")
                .isPositive();
    }

    @Test
    void streamedBlocksAddUpToTheNonStreamingMessage() {
        ScriptedReply reply =
                ScriptedReply.forScenario(Scenario.defaults().withContent(Scenario.Content.TOOL_USE), "Read");

        List<ScriptedReply.SseEvent> events = reply.toEvents("msg_01x", "claude-opus-4-5", 10);
        var message = reply.toMessage("msg_01x", "claude-opus-4-5", 10);

        String streamedText = events.stream()
                .filter(event -> event.name().equals("content_block_delta"))
                .filter(event -> event.data().getInt("index") == 0)
                .map(event -> event.data().getJsonObject("delta").getString("text"))
                .reduce("", String::concat);
        assertThat(streamedText)
                .isEqualTo(message.getJsonArray("content").getJsonObject(0).getString("text"));
        assertThat(events.get(events.size() - 2).data().getJsonObject("usage").getInt("output_tokens"))
                .isEqualTo(message.getJsonObject("usage").getInt("output_tokens"));
    }
}

package dev.tollgate.openai.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ChatResponseTranslatorTest {

    private static JsonObject json(String data) {
        return Json.createReader(new StringReader(data)).readObject();
    }

    @Test
    void aMessageWithTextThinkingAndToolUseBecomesAChatCompletion() {
        JsonObject completion = json(ChatResponseTranslator.completion(
                "{\"id\":\"msg_01x\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5\",\"content\":["
                        + "{\"type\":\"thinking\",\"thinking\":\"Plan.\",\"signature\":\"s\"},"
                        + "{\"type\":\"text\",\"text\":\"Let me look.\"},"
                        + "{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"look\",\"input\":{\"at\":\"cat\"}}],"
                        + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":10,\"output_tokens\":4,"
                        + "\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":0}}",
                null,
                42));
        assertThat(completion.getString("id")).isEqualTo("chatcmpl-01x");
        assertThat(completion.getString("object")).isEqualTo("chat.completion");
        assertThat(completion.getInt("created")).isEqualTo(42);
        JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
        assertThat(choice.getString("finish_reason")).isEqualTo("tool_calls");
        JsonObject message = choice.getJsonObject("message");
        assertThat(message.getString("content")).isEqualTo("Let me look.");
        assertThat(message.getString("reasoning_content")).isEqualTo("Plan.");
        assertThat(message.getJsonArray("tool_calls").toString())
                .isEqualTo("[{\"id\":\"toolu_9\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"look\",\"arguments\":\"{\\\"at\\\":\\\"cat\\\"}\"}}]");
        assertThat(completion.getJsonObject("usage").toString())
                .isEqualTo("{\"prompt_tokens\":110,\"completion_tokens\":4,\"total_tokens\":114,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":100}}");
    }

    @Test
    void finishReasons() {
        assertThat(ChatResponseTranslator.finishReason("end_turn", false)).isEqualTo("stop");
        assertThat(ChatResponseTranslator.finishReason("stop_sequence", false)).isEqualTo("stop");
        assertThat(ChatResponseTranslator.finishReason("max_tokens", false)).isEqualTo("length");
        assertThat(ChatResponseTranslator.finishReason("tool_use", false)).isEqualTo("tool_calls");
        assertThat(ChatResponseTranslator.finishReason("tool_use", true)).isEqualTo("stop");
        assertThat(ChatResponseTranslator.finishReason("refusal", false)).isEqualTo("content_filter");
        assertThat(ChatResponseTranslator.finishReason(null, false)).isNull();
    }

    @Test
    void onlyToolCallsMeanNullContentAndAFormatToolIsTheContent() {
        String onlyTool =
                "{\"id\":\"msg_1\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}],"
                        + "\"stop_reason\":\"tool_use\",\"usage\":{}}";
        JsonObject message = json(ChatResponseTranslator.completion(onlyTool, null, 0))
                .getJsonArray("choices")
                .getJsonObject(0)
                .getJsonObject("message");
        assertThat(message.isNull("content")).isTrue();
        JsonObject formatted = json(ChatResponseTranslator.completion(onlyTool, "f", 0))
                .getJsonArray("choices")
                .getJsonObject(0);
        assertThat(formatted.getJsonObject("message").getString("content")).isEqualTo("{}");
        assertThat(formatted.getJsonObject("message").containsKey("tool_calls")).isFalse();
        assertThat(formatted.getString("finish_reason")).isEqualTo("stop");
    }

    @Test
    void errorsKeepTheirTypeAndMessageAndAnythingElseSaysTheStatus() {
        JsonObject error = json(ChatResponseTranslator.error(
                        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down\"}}",
                        429))
                .getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("rate_limit_error");
        assertThat(error.getString("message")).isEqualTo("Slow down");
        assertThat(error.isNull("param")).isTrue();
        assertThat(json(ChatResponseTranslator.error("<html>bad gateway</html>", 502))
                        .getJsonObject("error")
                        .getString("message"))
                .contains("502");
    }

    @Test
    void theModelListInOpenAisShape() {
        JsonObject list = json(
                ChatResponseTranslator.models(
                        "{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-5\","
                                + "\"display_name\":\"Claude Sonnet 4.5\",\"created_at\":\"2025-09-29T00:00:00Z\"}],\"has_more\":false}"));
        assertThat(list.getString("object")).isEqualTo("list");
        assertThat(list.getJsonArray("data").getJsonObject(0).toString())
                .isEqualTo(
                        "{\"id\":\"claude-sonnet-4-5\",\"object\":\"model\",\"created\":1759104000,\"owned_by\":\"anthropic\"}");
    }

    @Test
    void oneModelInOpenAisShapeAndAnUnreadableDateIsTheEpoch() {
        assertThat(ChatResponseTranslator.model("{\"type\":\"model\",\"id\":\"claude-opus-4-5\","
                        + "\"display_name\":\"Claude Opus 4.5\",\"created_at\":\"2025-11-24T00:00:00Z\"}"))
                .isEqualTo(
                        "{\"id\":\"claude-opus-4-5\",\"object\":\"model\",\"created\":1763942400,\"owned_by\":\"anthropic\"}");
        assertThat(json(ChatResponseTranslator.model("{\"id\":\"claude-x\",\"created_at\":\"yesterday\"}"))
                        .getInt("created"))
                .isZero();
    }
}

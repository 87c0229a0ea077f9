package dev.tollgate.openai.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkTranslatorTest {

    private static final long CREATED = 1_764_000_000L;

    /** The data of every frame, in order; [DONE] as the string itself. */
    private static List<String> frames(String sse) {
        List<String> frames = new ArrayList<>();
        for (String frame : sse.split("\n\n")) {
            if (!frame.isBlank()) {
                assertThat(frame).startsWith("data: ").doesNotContain("event:");
                frames.add(frame.substring("data: ".length()));
            }
        }
        return frames;
    }

    private static JsonObject json(String data) {
        return Json.createReader(new StringReader(data)).readObject();
    }

    private static JsonObject delta(String data) {
        return json(data).getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
    }

    @Test
    void textAndToolCallArgumentsStreamAsTheyArriveAndTheUsageChunkEndsTheStream() {
        ChunkTranslator chunks = new ChunkTranslator(true, null, CREATED);
        StringBuilder out = new StringBuilder();
        out.append(chunks.translate(
                "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01abc\","
                        + "\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":20,\"cache_read_input_tokens\":5,"
                        + "\"cache_creation_input_tokens\":2,\"output_tokens\":1}}}"));
        out.append(chunks.translate("ping", "{\"type\":\"ping\"}"));
        out.append(chunks.translate(
                "content_block_start", "{\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        out.append(chunks.translate(
                "content_block_delta", "{\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Running\"}}"));
        out.append(chunks.translate("content_block_stop", "{\"index\":0}"));
        out.append(
                chunks.translate(
                        "content_block_start",
                        "{\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Bash\",\"input\":{}}}"));
        out.append(chunks.translate(
                "content_block_delta",
                "{\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"command\\\":\"}}"));
        out.append(chunks.translate(
                "content_block_delta",
                "{\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"ls\\\"}\"}}"));
        out.append(chunks.translate("content_block_stop", "{\"index\":1}"));
        out.append(chunks.translate(
                "message_delta", "{\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":30}}"));
        out.append(chunks.translate("message_stop", "{\"type\":\"message_stop\"}"));
        assertThat(chunks.finished()).isTrue();
        assertThat(chunks.translate("ping", "{}")).isEmpty();

        List<String> frames = frames(out.toString());
        assertThat(frames).hasSize(8);
        JsonObject first = json(frames.get(0));
        assertThat(first.getString("id")).isEqualTo("chatcmpl-01abc");
        assertThat(first.getString("object")).isEqualTo("chat.completion.chunk");
        assertThat(first.getJsonNumber("created").longValue()).isEqualTo(CREATED);
        assertThat(first.getString("model")).isEqualTo("claude-sonnet-4-5");
        assertThat(delta(frames.get(0)).getString("role")).isEqualTo("assistant");
        assertThat(delta(frames.get(1)).getString("content")).isEqualTo("Running");
        assertThat(delta(frames.get(2)).getJsonArray("tool_calls").toString())
                .isEqualTo("[{\"index\":0,\"id\":\"toolu_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"Bash\",\"arguments\":\"\"}}]");
        assertThat(delta(frames.get(3)).getJsonArray("tool_calls").toString())
                .isEqualTo("[{\"index\":0,\"function\":{\"arguments\":\"{\\\"command\\\":\"}}]");
        assertThat(delta(frames.get(4))
                        .getJsonArray("tool_calls")
                        .getJsonObject(0)
                        .getJsonObject("function")
                        .getString("arguments"))
                .isEqualTo("\"ls\"}");
        assertThat(json(frames.get(5)).getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
                .isEqualTo("tool_calls");
        JsonObject usage = json(frames.get(6));
        assertThat(usage.getJsonArray("choices")).isEmpty();
        assertThat(usage.getJsonObject("usage").toString())
                .isEqualTo("{\"prompt_tokens\":27,\"completion_tokens\":30,\"total_tokens\":57,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":5}}");
        assertThat(frames.get(7)).isEqualTo("[DONE]");
    }

    @Test
    void theUsageChunkTakesMessageDeltasCumulativeCountsOverThoseOfMessageStart() {
        // message_delta usage is cumulative; with server tools its input and cache counts grow too
        ChunkTranslator chunks = new ChunkTranslator(true, null, CREATED);
        chunks.translate(
                "message_start",
                "{\"message\":{\"id\":\"msg_1\",\"model\":\"m\",\"usage\":{\"input_tokens\":20,"
                        + "\"cache_read_input_tokens\":5,\"cache_creation_input_tokens\":0,\"output_tokens\":1}}}");
        chunks.translate(
                "message_delta",
                "{\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"input_tokens\":120,"
                        + "\"cache_read_input_tokens\":null,\"output_tokens\":42}}");
        List<String> frames = frames(chunks.translate("message_stop", "{}"));
        assertThat(json(frames.get(0)).getJsonObject("usage").toString())
                .isEqualTo("{\"prompt_tokens\":125,\"completion_tokens\":42,\"total_tokens\":167,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":5}}");
    }

    @Test
    void withoutIncludeUsageThereIsNoUsageChunkAndThinkingIsReasoningContent() {
        ChunkTranslator chunks = new ChunkTranslator(false, null, CREATED);
        String out = chunks.translate("message_start", "{\"message\":{\"id\":\"msg_1\",\"model\":\"m\",\"usage\":{}}}")
                + chunks.translate(
                        "content_block_delta",
                        "{\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hm\"}}")
                + chunks.translate(
                        "content_block_delta",
                        "{\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"s\"}}")
                + chunks.translate(
                        "message_delta", "{\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"output_tokens\":9}}")
                + chunks.translate("message_stop", "{}");
        List<String> frames = frames(out);
        assertThat(frames).hasSize(4);
        assertThat(delta(frames.get(1)).getString("reasoning_content")).isEqualTo("hm");
        assertThat(json(frames.get(2)).getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
                .isEqualTo("length");
        assertThat(json(frames.get(1)).containsKey("usage")).isFalse();
        assertThat(frames.get(3)).isEqualTo("[DONE]");
    }

    @Test
    void anErrorEndsTheStreamWithAnErrorFrameAndNoDone() {
        ChunkTranslator chunks = new ChunkTranslator(true, null, CREATED);
        chunks.translate("message_start", "{\"message\":{\"id\":\"msg_1\",\"model\":\"m\",\"usage\":{}}}");
        List<String> frames = frames(chunks.translate(
                "error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        assertThat(frames).hasSize(1);
        JsonObject error = json(frames.get(0)).getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("overloaded_error");
        assertThat(error.getString("message")).isEqualTo("Overloaded");
        assertThat(chunks.finished()).isTrue();
        assertThat(chunks.translate("message_stop", "{}")).isEmpty();
    }

    @Test
    void aJsonSchemaFormatToolStreamsAsContent() {
        ChunkTranslator chunks = new ChunkTranslator(false, "city", CREATED);
        String out = chunks.translate(
                        "content_block_start",
                        "{\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"city\"}}")
                + chunks.translate(
                        "content_block_delta",
                        "{\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"name\\\":\\\"Oslo\\\"}\"}}")
                + chunks.translate("message_delta", "{\"delta\":{\"stop_reason\":\"tool_use\"}}");
        List<String> frames = frames(out);
        assertThat(frames).hasSize(2);
        assertThat(delta(frames.get(0)).getString("content")).isEqualTo("{\"name\":\"Oslo\"}");
        assertThat(json(frames.get(1)).getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
                .isEqualTo("stop");
    }
}

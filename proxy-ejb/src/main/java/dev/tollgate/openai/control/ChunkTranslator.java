package dev.tollgate.openai.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the events of a Messages stream, one at a time as they arrive, into Chat Completions
 * chunks: {@code data:} frames without event names, ending with {@code data: [DONE]}. Text deltas
 * become {@code content}, a tool call its id and name and then its arguments fragment by fragment,
 * thinking becomes {@code reasoning_content}. An error event becomes a final {@code {"error":...}}
 * frame, with no {@code [DONE]} after it: a client must not take a broken answer for a whole one.
 */
public final class ChunkTranslator {

    private final boolean includeUsage;
    private final String formatTool;
    private final long created;

    private String id = "chatcmpl-";
    private String model = "";
    /** message_start's usage, overridden field by field by message_delta's cumulative counts. */
    private final Map<String, JsonValue> usage = new HashMap<>();
    /** content block index -> tool call index; blocks that are not tool calls are absent */
    private final Map<Integer, Integer> toolCalls = new HashMap<>();
    /** content block index of the json_schema format tool, whose input is the answer's text */
    private int formatBlock = -1;

    private boolean finished;

    /** @param formatTool the tool standing for a json_schema response format, or null */
    public ChunkTranslator(boolean includeUsage, String formatTool, long createdEpochSeconds) {
        this.includeUsage = includeUsage;
        this.formatTool = formatTool;
        this.created = createdEpochSeconds;
    }

    /** The frames to send for one Messages event (possibly none), as SSE text. */
    public String translate(String event, String data) {
        if (finished || event == null) {
            return "";
        }
        JsonObject payload = ChatResponseTranslator.parseOrNull(data);
        if (payload == null) {
            payload = JsonValue.EMPTY_JSON_OBJECT;
        }
        return switch (event) {
            case "message_start" -> start(payload);
            case "content_block_start" -> blockStart(payload);
            case "content_block_delta" -> delta(payload);
            case "message_delta" -> messageDelta(payload);
            case "message_stop" -> stop();
            case "error" -> error(data);
            default -> ""; // ping, content_block_stop
        };
    }

    private String start(JsonObject payload) {
        JsonObject message = payload.get("message") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
        id = ChatResponseTranslator.completionId(message.getString("id", ""));
        model = message.getString("model", "");
        if (message.get("usage") instanceof JsonObject startUsage) {
            usage.putAll(startUsage);
        }
        return chunk(JSON.createObjectBuilder().add("role", "assistant").add("content", ""), null);
    }

    private String blockStart(JsonObject payload) {
        int index = payload.getInt("index", 0);
        JsonObject block = payload.get("content_block") instanceof JsonObject b ? b : JsonValue.EMPTY_JSON_OBJECT;
        if (!"tool_use".equals(block.getString("type", ""))) {
            return "";
        }
        if (block.getString("name", "").equals(formatTool)) {
            formatBlock = index;
            return "";
        }
        int call = toolCalls.size();
        toolCalls.put(index, call);
        return toolCall(JSON.createObjectBuilder()
                .add("index", call)
                .add("id", block.getString("id", ""))
                .add("type", "function")
                .add(
                        "function",
                        JSON.createObjectBuilder()
                                .add("name", block.getString("name", ""))
                                .add("arguments", "")));
    }

    private String delta(JsonObject payload) {
        int index = payload.getInt("index", 0);
        JsonObject delta = payload.get("delta") instanceof JsonObject d ? d : JsonValue.EMPTY_JSON_OBJECT;
        return switch (delta.getString("type", "")) {
            case "text_delta" -> chunk(JSON.createObjectBuilder().add("content", delta.getString("text", "")), null);
            case "thinking_delta" ->
                chunk(JSON.createObjectBuilder().add("reasoning_content", delta.getString("thinking", "")), null);
            case "input_json_delta" -> {
                String fragment = delta.getString("partial_json", "");
                if (index == formatBlock) {
                    yield chunk(JSON.createObjectBuilder().add("content", fragment), null);
                }
                Integer call = toolCalls.get(index);
                yield call == null
                        ? ""
                        : toolCall(JSON.createObjectBuilder()
                                .add("index", call)
                                .add("function", JSON.createObjectBuilder().add("arguments", fragment)));
            }
            default -> ""; // signature_delta, citations: nothing to show in Chat Completions
        };
    }

    private String messageDelta(JsonObject payload) {
        if (payload.get("usage") instanceof JsonObject cumulative) {
            // as the journal's analyzer does: a count given replaces the start's, a null leaves it
            cumulative.forEach((name, count) -> {
                if (count.getValueType() != JsonValue.ValueType.NULL) {
                    usage.put(name, count);
                }
            });
        }
        JsonObject delta = payload.get("delta") instanceof JsonObject d ? d : JsonValue.EMPTY_JSON_OBJECT;
        String reason = ChatResponseTranslator.finishReason(
                delta.get("stop_reason") instanceof jakarta.json.JsonString s ? s.getString() : null,
                formatTool != null);
        return reason == null ? "" : chunk(JSON.createObjectBuilder(), reason);
    }

    private String stop() {
        finished = true;
        StringBuilder frames = new StringBuilder();
        if (includeUsage) {
            frames.append(frame(base().add("choices", JsonValue.EMPTY_JSON_ARRAY)
                    .add("usage", ChatResponseTranslator.usage(usage))
                    .build()));
        }
        return frames.append("data: [DONE]\n\n").toString();
    }

    private String error(String data) {
        finished = true;
        return "data: " + ChatResponseTranslator.error(data, 500) + "\n\n";
    }

    /** A chunk whose delta is one tool call: its start, or a fragment of its arguments. */
    private String toolCall(JsonObjectBuilder call) {
        return chunk(
                JSON.createObjectBuilder()
                        .add("tool_calls", JSON.createArrayBuilder().add(call)),
                null);
    }

    private String chunk(JsonObjectBuilder delta, String finishReason) {
        JsonObjectBuilder choice =
                JSON.createObjectBuilder().add("index", 0).add("delta", delta).addNull("logprobs");
        if (finishReason == null) {
            choice.addNull("finish_reason");
        } else {
            choice.add("finish_reason", finishReason);
        }
        JsonObjectBuilder chunk =
                base().add("choices", JSON.createArrayBuilder().add(choice));
        if (includeUsage) {
            chunk.addNull("usage"); // as OpenAI does: every chunk but the last has usage null
        }
        return frame(chunk.build());
    }

    private JsonObjectBuilder base() {
        return JSON.createObjectBuilder()
                .add("id", id)
                .add("object", "chat.completion.chunk")
                .add("created", created)
                .add("model", model);
    }

    private static String frame(JsonObject chunk) {
        return "data: " + chunk + "\n\n";
    }

    /** True once the stream has ended, by message_stop or an error. */
    public boolean finished() {
        return finished;
    }
}

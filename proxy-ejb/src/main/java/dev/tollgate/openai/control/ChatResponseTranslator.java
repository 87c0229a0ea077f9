package dev.tollgate.openai.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Messages API answers (a message, an error, the model list) in the shapes of OpenAI's API. */
public final class ChatResponseTranslator {

    private ChatResponseTranslator() {}

    /** Anthropic's stop reason as a Chat Completions finish reason. */
    static String finishReason(String stopReason, boolean formatTool) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> formatTool ? "stop" : "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn
        };
    }

    /** @param formatTool the tool standing for a json_schema response format, or null */
    public static String completion(String messageJson, String formatTool, long createdEpochSeconds) {
        JsonObject message = parse(messageJson);
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        JsonArrayBuilder toolCalls = JSON.createArrayBuilder();
        int calls = 0;
        JsonArray content = message.get("content") instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
        for (JsonValue value : content) {
            JsonObject block = value instanceof JsonObject b ? b : JsonValue.EMPTY_JSON_OBJECT;
            switch (block.getString("type", "")) {
                case "text" -> text.append(block.getString("text", ""));
                case "thinking" -> reasoning.append(block.getString("thinking", ""));
                case "tool_use" -> {
                    String input = block.getOrDefault("input", JsonValue.EMPTY_JSON_OBJECT)
                            .toString();
                    if (block.getString("name", "").equals(formatTool)) {
                        text.append(input);
                    } else {
                        calls++;
                        toolCalls.add(JSON.createObjectBuilder()
                                .add("id", block.getString("id", ""))
                                .add("type", "function")
                                .add(
                                        "function",
                                        JSON.createObjectBuilder()
                                                .add("name", block.getString("name", ""))
                                                .add("arguments", input)));
                    }
                }
                default -> {} // server tool results and the like have no Chat Completions form
            }
        }
        JsonObjectBuilder reply = JSON.createObjectBuilder().add("role", "assistant");
        if (text.isEmpty() && calls > 0) {
            reply.addNull("content");
        } else {
            reply.add("content", text.toString());
        }
        if (!reasoning.isEmpty()) {
            reply.add("reasoning_content", reasoning.toString());
        }
        if (calls > 0) {
            reply.add("tool_calls", toolCalls);
        }
        reply.addNull("refusal");
        String stop = message.get("stop_reason") instanceof JsonString s ? s.getString() : null;
        JsonObjectBuilder choice =
                JSON.createObjectBuilder().add("index", 0).add("message", reply).addNull("logprobs");
        String finish = finishReason(stop, formatTool != null);
        if (finish == null) {
            choice.addNull("finish_reason");
        } else {
            choice.add("finish_reason", finish);
        }
        return JSON.createObjectBuilder()
                .add("id", completionId(message.getString("id", "")))
                .add("object", "chat.completion")
                .add("created", createdEpochSeconds)
                .add("model", message.getString("model", ""))
                .add("choices", JSON.createArrayBuilder().add(choice))
                .add("usage", usage(message.get("usage") instanceof JsonObject u ? u : JsonValue.EMPTY_JSON_OBJECT))
                .build()
                .toString();
    }

    static String completionId(String messageId) {
        return "chatcmpl-" + (messageId.startsWith("msg_") ? messageId.substring(4) : messageId);
    }

    /**
     * Prompt tokens count what the model read, cached or not: Anthropic reports fresh input, cache
     * writes and cache reads apart, OpenAI reports them together with the cached part.
     *
     * @param usage a Messages {@code usage} object (for a stream, its final counts)
     */
    static JsonObject usage(Map<String, JsonValue> usage) {
        long input = number(usage, "input_tokens");
        long cacheWrite = number(usage, "cache_creation_input_tokens");
        long cacheRead = number(usage, "cache_read_input_tokens");
        long output = number(usage, "output_tokens");
        long prompt = input + cacheWrite + cacheRead;
        return JSON.createObjectBuilder()
                .add("prompt_tokens", prompt)
                .add("completion_tokens", output)
                .add("total_tokens", prompt + output)
                .add("prompt_tokens_details", JSON.createObjectBuilder().add("cached_tokens", cacheRead))
                .build();
    }

    private static long number(Map<String, JsonValue> usage, String name) {
        return usage.get(name) instanceof JsonNumber count ? count.longValue() : 0;
    }

    /**
     * An Anthropic error body ({@code {"type":"error","error":{"type","message"}}}) as OpenAI's
     * ({@code {"error":{"message","type","param","code"}}}); anything else becomes an api_error
     * that says what status came back.
     */
    public static String error(String anthropicErrorJson, int status) {
        JsonObject body = parseOrNull(anthropicErrorJson);
        JsonObject error = body != null && body.get("error") instanceof JsonObject e ? e : null;
        String type = error == null ? "api_error" : error.getString("type", "api_error");
        String message = error == null
                ? "The Claude API answered with status " + status + "."
                : error.getString("message", "The Claude API answered with status " + status + ".");
        return error(message, type, null);
    }

    public static String error(String message, String type, String param) {
        JsonObjectBuilder error =
                JSON.createObjectBuilder().add("message", message).add("type", type);
        if (param == null) {
            error.addNull("param");
        } else {
            error.add("param", param);
        }
        error.add("code", type);
        return JSON.createObjectBuilder().add("error", error).build().toString();
    }

    /** The Models API list as OpenAI's {@code GET /v1/models} lists models. */
    public static String models(String anthropicListJson) {
        JsonObject list = parse(anthropicListJson);
        JsonArrayBuilder data = JSON.createArrayBuilder();
        JsonArray models = list.get("data") instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
        for (JsonValue value : models) {
            if (value instanceof JsonObject model) {
                data.add(openAiModel(model));
            }
        }
        return JSON.createObjectBuilder()
                .add("object", "list")
                .add("data", data)
                .build()
                .toString();
    }

    /** One Models API model as OpenAI's {@code GET /v1/models/{model}} describes it. */
    public static String model(String anthropicModelJson) {
        return openAiModel(parse(anthropicModelJson)).toString();
    }

    private static JsonObject openAiModel(JsonObject model) {
        long created;
        try {
            created = OffsetDateTime.parse(model.getString("created_at", "")).toEpochSecond();
        } catch (DateTimeParseException unparsable) {
            created = Instant.EPOCH.getEpochSecond();
        }
        return JSON.createObjectBuilder()
                .add("id", model.getString("id", ""))
                .add("object", "model")
                .add("created", created)
                .add("owned_by", "anthropic")
                .build();
    }

    private static JsonObject parse(String json) {
        JsonObject object = parseOrNull(json);
        return object == null ? JsonValue.EMPTY_JSON_OBJECT : object;
    }

    static JsonObject parseOrNull(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try (var reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue() instanceof JsonObject object ? object : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}

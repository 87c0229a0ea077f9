package dev.tollgate.dashboard.requests.control;

import dev.tollgate.dashboard.requests.entity.RenderedMessage;
import dev.tollgate.dashboard.requests.entity.RenderedMessage.Block;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a journaled Messages API request and its answer into what a person reads: the system
 * prompt, each message with its text, thinking, tool calls and tool results, then the answer.
 * Bodies that are not Messages API JSON (count_tokens, errors, bodies stored without content) give
 * what can be recognised and never an exception: the raw JSON is on the page anyway.
 */
public final class ConversationRendering {

    private ConversationRendering() {}

    public static List<RenderedMessage> render(String requestBody, String responseBody) {
        List<RenderedMessage> messages = new ArrayList<>();
        JsonObject request = object(requestBody);
        if (request != null) {
            JsonValue system = request.get("system");
            if (system != null) {
                messages.add(new RenderedMessage("system", blocks(system)));
            }
            if (request.get("messages") instanceof JsonArray turns) {
                for (JsonValue turn : turns) {
                    if (turn instanceof JsonObject message) {
                        messages.add(new RenderedMessage(
                                message.getString("role", "?"),
                                blocks(message.getOrDefault("content", JsonValue.NULL))));
                    }
                }
            }
        }
        JsonObject response = object(responseBody);
        if (response != null && response.get("content") instanceof JsonArray content) {
            messages.add(new RenderedMessage("answer", blocks(content)));
        }
        return messages;
    }

    private static JsonObject object(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.read() instanceof JsonObject object ? object : null;
        } catch (JsonException | IllegalStateException notJson) {
            return null;
        }
    }

    /** Content as a string or as an array of blocks. */
    private static List<Block> blocks(JsonValue content) {
        if (content instanceof JsonString text) {
            return List.of(new Block("text", "", text.getString()));
        }
        List<Block> blocks = new ArrayList<>();
        if (content instanceof JsonArray array) {
            for (JsonValue value : array) {
                if (value instanceof JsonObject block) {
                    blocks.add(block(block));
                }
            }
        }
        return blocks;
    }

    private static Block block(JsonObject block) {
        String type = block.getString("type", "?");
        return switch (type) {
            case "text" -> new Block(type, "", block.getString("text", ""));
            case "thinking" -> new Block(type, "", block.getString("thinking", ""));
            case "redacted_thinking" -> new Block(type, "", "(redacted by the API)");
            case "tool_use", "server_tool_use" ->
                new Block(
                        type,
                        block.getString("name", "?") + " " + block.getString("id", ""),
                        pretty(block.getOrDefault("input", JsonValue.EMPTY_JSON_OBJECT)));
            case "tool_result" ->
                new Block(
                        type,
                        block.getString("tool_use_id", "") + (block.getBoolean("is_error", false) ? " (error)" : ""),
                        resultText(block.getOrDefault("content", JsonValue.NULL)));
            case "image", "document" -> new Block(type, source(block), "");
            default -> new Block(type, "", pretty(block));
        };
    }

    /** A tool result's content: a string, or blocks of which the text is shown. */
    private static String resultText(JsonValue content) {
        if (content instanceof JsonString text) {
            return text.getString();
        }
        StringBuilder text = new StringBuilder();
        for (Block block : blocks(content)) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(block.text().isEmpty() ? "[" + block.kind() + " " + block.title() + "]" : block.text());
        }
        return text.toString();
    }

    /** What an image or document is, never its data. */
    private static String source(JsonObject block) {
        if (block.get("source") instanceof JsonObject source) {
            String kind = source.getString("type", "");
            return "url".equals(kind) ? source.getString("url", "") : kind + " " + source.getString("media_type", "");
        }
        return "";
    }

    private static String pretty(JsonValue value) {
        StringWriter out = new StringWriter();
        try (var writer = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createWriter(out)) {
            writer.write(value);
        }
        return out.toString().strip();
    }
}

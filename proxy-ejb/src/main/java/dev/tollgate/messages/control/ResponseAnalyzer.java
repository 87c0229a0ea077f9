package dev.tollgate.messages.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.messages.entity.ResponseFacts;
import dev.tollgate.messages.entity.SseEvent;
import dev.tollgate.messages.entity.Usage;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a complete response into {@link ResponseFacts}: usage, model, stop reason, tool calls, and
 * for streams the message rebuilt from its events (text, thinking with signature, tool_use with its
 * input JSON, server tools, citations). Runs in the journal's background writer, never on the
 * request path. Tolerates anything: a response it cannot read yields what could be read.
 */
public class ResponseAnalyzer {

    public ResponseFacts analyzeJson(String body) {
        JsonObject json = parseObject(body);
        if (json == null) {
            return ResponseFacts.NONE;
        }
        if ("error".equals(stringOrNull(json, "type")) && json.get("error") instanceof JsonObject error) {
            return new ResponseFacts(body, null, null, Usage.NONE, null, 0, describe(error));
        }
        JsonObject usage = json.get("usage") instanceof JsonObject u ? u : null;
        int toolCalls = 0;
        if (json.get("content") instanceof jakarta.json.JsonArray content) {
            for (JsonValue block : content) {
                if (block instanceof JsonObject b && isToolCall(stringOrNull(b, "type"))) {
                    toolCalls++;
                }
            }
        }
        return new ResponseFacts(
                body,
                stringOrNull(json, "model"),
                stringOrNull(json, "stop_reason"),
                usageOf(usage),
                usage == null ? null : usage.toString(),
                toolCalls,
                null);
    }

    public ResponseFacts analyzeStream(List<SseEvent> events) {
        JsonObject start = null;
        Map<Integer, Block> blocks = new TreeMap<>();
        JsonObjectBuilder usage = JSON.createObjectBuilder();
        boolean sawUsage = false;
        String stopReason = null;
        JsonValue stopSequence = JsonValue.NULL;
        String error = null;
        for (SseEvent event : events) {
            JsonObject data = parseObject(event.data());
            if (data == null) {
                continue;
            }
            String type = event.event() != null ? event.event() : stringOrNull(data, "type");
            if (type == null) {
                continue;
            }
            switch (type) {
                case "message_start" -> {
                    if (data.get("message") instanceof JsonObject message) {
                        start = message;
                        if (message.get("usage") instanceof JsonObject u) {
                            u.forEach(usage::add);
                            sawUsage = true;
                        }
                    }
                }
                case "content_block_start" -> {
                    if (data.get("content_block") instanceof JsonObject block) {
                        blocks.put(index(data), new Block(block));
                    }
                }
                case "content_block_delta" -> {
                    Block block = blocks.get(index(data));
                    if (block != null && data.get("delta") instanceof JsonObject delta) {
                        block.apply(delta);
                    }
                }
                case "message_delta" -> {
                    if (data.get("delta") instanceof JsonObject delta) {
                        stopReason = stringOrNull(delta, "stop_reason");
                        stopSequence = delta.getOrDefault("stop_sequence", JsonValue.NULL);
                    }
                    if (data.get("usage") instanceof JsonObject u) {
                        // message_delta usage is cumulative: its counts replace the start's
                        u.forEach((key, value) -> {
                            if (value.getValueType() != JsonValue.ValueType.NULL) {
                                usage.add(key, value);
                            }
                        });
                        sawUsage = true;
                    }
                }
                case "error" -> {
                    if (data.get("error") instanceof JsonObject e) {
                        error = describe(e);
                    }
                }
                default -> {
                    // ping, message_stop, content_block_stop: nothing to collect
                }
            }
        }
        JsonObject finalUsage = usage.build();
        JsonObjectBuilder message = JSON.createObjectBuilder();
        if (start != null) {
            start.forEach(message::add);
        }
        JsonArrayBuilder content = JSON.createArrayBuilder();
        int toolCalls = 0;
        for (Block block : blocks.values()) {
            content.add(block.build());
            if (isToolCall(block.type())) {
                toolCalls++;
            }
        }
        message.add("content", content);
        message.add("stop_reason", stopReason == null ? JsonValue.NULL : JSON.createValue(stopReason));
        message.add("stop_sequence", stopSequence);
        if (sawUsage) {
            message.add("usage", finalUsage);
        }
        return new ResponseFacts(
                start == null && blocks.isEmpty() ? null : message.build().toString(),
                start == null ? null : stringOrNull(start, "model"),
                stopReason,
                sawUsage ? usageOf(finalUsage) : Usage.NONE,
                sawUsage ? finalUsage.toString() : null,
                toolCalls,
                error);
    }

    private static boolean isToolCall(String blockType) {
        return "tool_use".equals(blockType) || "server_tool_use".equals(blockType);
    }

    private static Usage usageOf(JsonObject usage) {
        if (usage == null) {
            return Usage.NONE;
        }
        return new Usage(
                number(usage, "input_tokens"),
                number(usage, "output_tokens"),
                number(usage, "cache_creation_input_tokens"),
                number(usage, "cache_read_input_tokens"));
    }

    private static String describe(JsonObject error) {
        String type = stringOrNull(error, "type");
        String message = stringOrNull(error, "message");
        return (type == null ? "error" : type) + (message == null ? "" : ": " + message);
    }

    private static int index(JsonObject data) {
        return data.get("index") instanceof JsonNumber n ? n.intValue() : 0;
    }

    private static long number(JsonObject json, String key) {
        return json.get(key) instanceof JsonNumber n ? n.longValue() : 0;
    }

    static String stringOrNull(JsonObject json, String key) {
        return json.get(key) instanceof JsonString s ? s.getString() : null;
    }

    static JsonObject parseObject(String text) {
        return JsonDocuments.parseObjectOrNull(text);
    }

    /** One content block being rebuilt from its start event and deltas. */
    private static final class Block {
        private final JsonObject start;
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder thinking = new StringBuilder();
        private final StringBuilder partialJson = new StringBuilder();
        private final JsonArrayBuilder citations = JSON.createArrayBuilder();
        private String signature;
        private boolean hasCitations;

        Block(JsonObject start) {
            this.start = start;
        }

        String type() {
            return stringOrNull(start, "type");
        }

        void apply(JsonObject delta) {
            switch (String.valueOf(stringOrNull(delta, "type"))) {
                case "text_delta" -> text.append(stringOrEmpty(delta, "text"));
                case "thinking_delta" -> thinking.append(stringOrEmpty(delta, "thinking"));
                case "signature_delta" -> signature = stringOrEmpty(delta, "signature");
                case "input_json_delta" -> partialJson.append(stringOrEmpty(delta, "partial_json"));
                case "citations_delta" -> {
                    if (delta.get("citation") != null) {
                        citations.add(delta.get("citation"));
                        hasCitations = true;
                    }
                }
                default -> {
                    // unknown delta kinds are kept out of the rebuilt message rather than guessed at
                }
            }
        }

        JsonObject build() {
            JsonObjectBuilder block = JSON.createObjectBuilder(start);
            String type = String.valueOf(type());
            if (type.equals("text")) {
                block.add("text", stringOrEmpty(start, "text") + text);
                if (hasCitations) {
                    block.add("citations", citations);
                }
            } else if (type.equals("thinking")) {
                block.add("thinking", stringOrEmpty(start, "thinking") + thinking);
                if (signature != null) {
                    block.add("signature", signature);
                }
            } else if (partialJson.length() > 0) {
                JsonObject input = parseObject(partialJson.toString());
                if (input != null) {
                    block.add("input", input);
                } else {
                    block.add("input_json_unparsed", partialJson.toString());
                }
            }
            return block.build();
        }

        private static String stringOrEmpty(JsonObject json, String key) {
            String value = stringOrNull(json, key);
            return value == null ? "" : value;
        }
    }
}

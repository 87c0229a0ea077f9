package dev.tollgate.sim;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The assistant message a scenario asks for, rendered either as one Message object or as the SSE events
 * of {@code fixtures/sse-text-and-tool-use.txt} and {@code fixtures/sse-thinking.txt}: same event order,
 * same fields, same key order. The content is deterministic so that tests can assert on it.
 */
record ScriptedReply(List<ReplyBlock> blocks, String stopReason) {

    static final String TEXT = "Hello from the Tollgate upstream simulator.";
    static final String TOOL_PREAMBLE = "Running a command.";
    static final String DEFAULT_TOOL_NAME = "Bash";
    static final List<String> TOOL_INPUT_PIECES =
            List.of("", "{\"command\":\"echo hello-from-tool\",", "\"description\":\"Print a greeting\"}");
    static final List<String> THINKING_PIECES = List.of("Let me think", " about that.");
    // base64 of "simulated-thinking-signature": real signatures are opaque base64 too
    static final String THINKING_SIGNATURE = "c2ltdWxhdGVkLXRoaW5raW5nLXNpZ25hdHVyZQ==";

    /** One server-sent event: the {@code event:} name and the {@code data:} JSON. */
    record SseEvent(String name, JsonObject data) {}

    /**
     * The reply for a scenario.
     *
     * @param firstToolName the name of the request's first tool, called by a {@code tool_use} reply; null
     *     when the request declares none
     */
    static ScriptedReply forScenario(Scenario scenario, String firstToolName) {
        int textEvents = scenario.textEvents();
        return switch (scenario.content()) {
            case TEXT -> new ScriptedReply(List.of(ReplyBlock.Text.of(text(scenario, TEXT), textEvents)), "end_turn");
            case TOOL_USE ->
                new ScriptedReply(
                        List.of(
                                ReplyBlock.Text.of(text(scenario, TOOL_PREAMBLE), textEvents),
                                new ReplyBlock.ToolUse(
                                        Ids.toolUseId(), toolName(scenario, firstToolName), toolInputPieces(scenario))),
                        "tool_use");
            case THINKING ->
                new ScriptedReply(
                        List.of(
                                new ReplyBlock.Thinking(THINKING_PIECES, THINKING_SIGNATURE),
                                ReplyBlock.Text.of(text(scenario, TEXT), textEvents)),
                        "end_turn");
        };
    }

    private static String text(Scenario scenario, String standard) {
        return scenario.text() != null ? scenario.text() : standard;
    }

    private static String toolName(Scenario scenario, String firstToolName) {
        if (scenario.toolName() != null) {
            return scenario.toolName();
        }
        return firstToolName != null ? firstToolName : DEFAULT_TOOL_NAME;
    }

    /**
     * A scripted input streamed like the recorded one: an empty first {@code partial_json}, then the
     * compact JSON in two halves (cut between characters, never inside a surrogate pair).
     */
    static List<String> toolInputPieces(Scenario scenario) {
        if (scenario.toolInput() == null) {
            return TOOL_INPUT_PIECES;
        }
        String json = scenario.toolInput().toString();
        int middle = json.length() / 2;
        if (Character.isLowSurrogate(json.charAt(middle))) {
            middle--;
        }
        return List.of("", json.substring(0, middle), json.substring(middle));
    }

    /** A deterministic estimate, about four characters a token like the input estimate. */
    int outputTokens() {
        int chars = blocks.stream().mapToInt(ReplyBlock::outputChars).sum();
        return Math.max(1, chars / 4);
    }

    /** The non-streaming Message object. */
    JsonObject toMessage(String messageId, String model, int inputTokens) {
        JsonArrayBuilder content = JsonFactories.BUILDERS.createArrayBuilder();
        blocks.forEach(block -> content.add(block.finalForm()));
        return message(messageId, model, content.build(), stopReason, fullUsage(inputTokens, outputTokens()));
    }

    /** The stream: message_start, each block with a ping after the first block start, message_delta, message_stop. */
    List<SseEvent> toEvents(String messageId, String model, int inputTokens) {
        List<SseEvent> events = new ArrayList<>();
        events.add(new SseEvent(
                "message_start",
                object().add("type", "message_start")
                        .add(
                                "message",
                                message(messageId, model, JsonValue.EMPTY_JSON_ARRAY, null, fullUsage(inputTokens, 1)))
                        .build()));
        for (int index = 0; index < blocks.size(); index++) {
            ReplyBlock block = blocks.get(index);
            events.add(new SseEvent(
                    "content_block_start",
                    object().add("type", "content_block_start")
                            .add("index", index)
                            .add("content_block", block.startForm())
                            .build()));
            if (index == 0) {
                events.add(new SseEvent("ping", object().add("type", "ping").build()));
            }
            for (JsonObject delta : block.deltas()) {
                events.add(new SseEvent(
                        "content_block_delta",
                        object().add("type", "content_block_delta")
                                .add("index", index)
                                .add("delta", delta)
                                .build()));
            }
            events.add(new SseEvent(
                    "content_block_stop",
                    object().add("type", "content_block_stop")
                            .add("index", index)
                            .build()));
        }
        events.add(new SseEvent(
                "message_delta",
                object().add("type", "message_delta")
                        .add("delta", object().add("stop_reason", stopReason).addNull("stop_sequence"))
                        .add("usage", cumulativeUsage(inputTokens, outputTokens()))
                        .build()));
        events.add(new SseEvent(
                "message_stop", object().add("type", "message_stop").build()));
        return events;
    }

    /** The {@code event: error} a stream may carry after its 200, as the real API sends when overloaded. */
    static SseEvent overloadedErrorEvent() {
        return new SseEvent(
                "error",
                object().add("type", "error")
                        .add("error", object().add("type", "overloaded_error").add("message", "Overloaded"))
                        .build());
    }

    private static JsonObject message(
            String messageId, String model, JsonValue content, String stopReason, JsonObject usage) {
        JsonObjectBuilder message = object().add("id", messageId)
                .add("type", "message")
                .add("role", "assistant")
                .add("model", model)
                .add("content", content);
        if (stopReason == null) {
            message.addNull("stop_reason");
        } else {
            message.add("stop_reason", stopReason);
        }
        return message.addNull("stop_sequence").add("usage", usage).build();
    }

    /** The usage of a Message and of message_start: every counter, the cache breakdown and the tier. */
    private static JsonObject fullUsage(int inputTokens, int outputTokens) {
        return object().add("input_tokens", inputTokens)
                .add("cache_creation_input_tokens", 0)
                .add("cache_read_input_tokens", 0)
                .add(
                        "cache_creation",
                        object().add("ephemeral_5m_input_tokens", 0).add("ephemeral_1h_input_tokens", 0))
                .add("output_tokens", outputTokens)
                .add("service_tier", "standard")
                .build();
    }

    /** The usage of message_delta: the counters so far, without breakdown or tier (as recorded). */
    private static JsonObject cumulativeUsage(int inputTokens, int outputTokens) {
        return object().add("input_tokens", inputTokens)
                .add("cache_creation_input_tokens", 0)
                .add("cache_read_input_tokens", 0)
                .add("output_tokens", outputTokens)
                .build();
    }

    private static JsonObjectBuilder object() {
        return JsonFactories.BUILDERS.createObjectBuilder();
    }
}

package dev.tollgate.sim;

import com.sun.net.httpserver.Headers;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * How the simulator answers one Messages (or count_tokens) request: what content it streams, how
 * slowly, and which failure it fakes. Tests script it in-process ({@link UpstreamSimulator#enqueue}),
 * as JSON ({@code POST /_sim/scenarios}, fields named like the components) or with {@code x-sim-*}
 * request headers, which work through the proxy because it forwards unknown headers end-to-end.
 *
 * <p>Start from {@link #defaults()} and change what the test is about:
 * {@code Scenario.defaults().withStatus(529).withRetryAfter(2)}.
 *
 * @param content which content blocks the reply carries
 * @param textEvents how many {@code text_delta} events the text block is split into (at least 1)
 * @param firstEventDelayMs streams: pause after the response headers, before {@code message_start};
 *     non-streaming: pause before the response
 * @param eventGapMs streams: pause between two consecutive events
 * @param headersDelayMs pause before anything, status line included, is sent (to trip proxy timeouts)
 * @param status an error status to answer instead of a message (0: answer normally); the body carries the
 *     error type of that status
 * @param retryAfter seconds sent in {@code retry-after} with a 429 or 529
 * @param streamError a failure injected into a stream after {@code errorAfterEvents} events
 * @param errorAfterEvents how many events are sent before the {@code streamError} strikes
 * @param gzip compress a non-streaming body with {@code content-encoding: gzip}, as the real API may
 * @param crlf end SSE lines with CRLF, which real streams sometimes do
 * @param toolName the tool a {@code tool_use} reply calls; null calls the request's first tool, or
 *     {@code Bash} when it declares none. Claude Code lists {@code Agent} first, so tests that drive it
 *     name {@code Bash} here: the scripted input ({@code command}, {@code description}) fits Bash.
 * @param toolInput the {@code input} of a {@code tool_use} reply; null gives the Bash input
 *     {@code {"command":"echo hello-from-tool","description":"Print a greeting"}}. With it a test can make
 *     a real client run a tool of its choice on data of its choice, e.g. Claude Code's {@code Read} of a
 *     file holding a value only the test knows.
 * @param text the text of the reply's text block (the short preamble of a {@code tool_use} reply); null
 *     gives "Hello from the Tollgate upstream simulator." ("Running a command." before a tool call). A
 *     value only the test knows proves that a client's answer really came from this request.
 */
public record Scenario(
        Content content,
        int textEvents,
        long firstEventDelayMs,
        long eventGapMs,
        long headersDelayMs,
        int status,
        int retryAfter,
        StreamError streamError,
        int errorAfterEvents,
        boolean gzip,
        boolean crlf,
        String toolName,
        JsonObject toolInput,
        String text) {

    /** Upper bound on text events, so that one request cannot make the simulator build a huge reply. */
    static final int MAX_TEXT_EVENTS = 100_000;

    /** Upper bound on a scripted text, for the same reason. */
    static final int MAX_TEXT_CHARS = 100_000;

    private static final Scenario DEFAULTS =
            new Scenario(Content.TEXT, 3, 0, 0, 0, 0, 1, StreamError.NONE, 2, false, false, null, null, null);

    private static final Set<String> JSON_FIELDS = Set.of(
            "content",
            "textEvents",
            "firstEventDelayMs",
            "eventGapMs",
            "headersDelayMs",
            "status",
            "retryAfter",
            "streamError",
            "errorAfterEvents",
            "gzip",
            "crlf",
            "toolName",
            "toolInput",
            "text");

    /** The content blocks of the reply. */
    public enum Content {
        /** One text block. */
        TEXT("text"),
        /** A short text block, then a {@code tool_use} block; stop reason {@code tool_use}. */
        TOOL_USE("tool_use"),
        /** A thinking block with its signature, then a text block. */
        THINKING("thinking");

        private final String wireName;

        Content(String wireName) {
            this.wireName = wireName;
        }

        /** The name used in headers and JSON, e.g. {@code tool_use}. */
        public String wireName() {
            return wireName;
        }

        static Content fromWireName(String field, String value) {
            return Arrays.stream(values())
                    .filter(content -> content.wireName.equals(value.trim().toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> new InvalidScenarioException(
                            field + ": expected text, tool_use or thinking, got '" + value + "'"));
        }
    }

    /** A failure injected into a stream that has already answered 200. */
    public enum StreamError {
        /** The stream completes. */
        NONE("none"),
        /** An {@code event: error} with an {@code overloaded_error}, then the response ends normally. */
        ERROR("error"),
        /** The connection is closed abruptly: the client sees a truncated chunked body. */
        DROP("drop");

        private final String wireName;

        StreamError(String wireName) {
            this.wireName = wireName;
        }

        /** The name used in headers and JSON, e.g. {@code drop}. */
        public String wireName() {
            return wireName;
        }

        static StreamError fromWireName(String field, String value) {
            return Arrays.stream(values())
                    .filter(error -> error.wireName.equals(value.trim().toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> new InvalidScenarioException(
                            field + ": expected none, error or drop, got '" + value + "'"));
        }
    }

    /** Thrown for a scenario that cannot be honoured; answered with 400 so that a test typo is loud. */
    static final class InvalidScenarioException extends IllegalArgumentException {
        InvalidScenarioException(String message) {
            super(message);
        }
    }

    public Scenario {
        if (content == null || streamError == null) {
            throw new InvalidScenarioException("content and streamError are required");
        }
        requireRange("textEvents", textEvents, 1, MAX_TEXT_EVENTS);
        requireRange("firstEventDelayMs", firstEventDelayMs, 0, Long.MAX_VALUE);
        requireRange("eventGapMs", eventGapMs, 0, Long.MAX_VALUE);
        requireRange("headersDelayMs", headersDelayMs, 0, Long.MAX_VALUE);
        if (status != 0) {
            requireRange("status", status, 400, 599);
        }
        requireRange("retryAfter", retryAfter, 0, Integer.MAX_VALUE);
        requireRange("errorAfterEvents", errorAfterEvents, 0, Integer.MAX_VALUE);
        if (toolName != null && toolName.isBlank()) {
            throw new InvalidScenarioException("toolName: must not be blank");
        }
        if (text != null) {
            requireRange("text length", text.length(), 1, MAX_TEXT_CHARS);
        }
    }

    /** A plain text reply of three text events, no delays, no failure. */
    public static Scenario defaults() {
        return DEFAULTS;
    }

    public Scenario withContent(Content value) {
        return edit(draft -> draft.content = value);
    }

    public Scenario withTextEvents(int value) {
        return edit(draft -> draft.textEvents = value);
    }

    public Scenario withFirstEventDelayMs(long value) {
        return edit(draft -> draft.firstEventDelayMs = value);
    }

    public Scenario withEventGapMs(long value) {
        return edit(draft -> draft.eventGapMs = value);
    }

    public Scenario withHeadersDelayMs(long value) {
        return edit(draft -> draft.headersDelayMs = value);
    }

    /** Answer this error status instead of a message; 0 answers normally. */
    public Scenario withStatus(int value) {
        return edit(draft -> draft.status = value);
    }

    public Scenario withRetryAfter(int value) {
        return edit(draft -> draft.retryAfter = value);
    }

    public Scenario withStreamError(StreamError value) {
        return edit(draft -> draft.streamError = value);
    }

    public Scenario withErrorAfterEvents(int value) {
        return edit(draft -> draft.errorAfterEvents = value);
    }

    public Scenario withGzip(boolean value) {
        return edit(draft -> draft.gzip = value);
    }

    public Scenario withCrlf(boolean value) {
        return edit(draft -> draft.crlf = value);
    }

    /** The tool a {@code tool_use} reply calls; null goes back to the request's first tool. */
    public Scenario withToolName(String value) {
        return edit(draft -> draft.toolName = value);
    }

    /** The input of a {@code tool_use} reply; null goes back to the Bash {@code echo} input. */
    public Scenario withToolInput(JsonObject value) {
        return edit(draft -> draft.toolInput = value);
    }

    /** The text of the reply's text block; null goes back to the default sentence. */
    public Scenario withText(String value) {
        return edit(draft -> draft.text = value);
    }

    /** Whether the request is answered with an error status instead of a message. */
    public boolean answersWithError() {
        return status != 0;
    }

    /**
     * Reads the {@code x-sim-*} headers of a request; headers that are absent keep their default.
     *
     * @throws InvalidScenarioException when a header value cannot be understood
     */
    static Scenario fromHeaders(Headers headers) {
        return DEFAULTS.edit(draft -> {
            String value;
            if ((value = headers.getFirst("x-sim-content")) != null) {
                draft.content = Content.fromWireName("x-sim-content", value);
            }
            if ((value = headers.getFirst("x-sim-text-events")) != null) {
                draft.textEvents = parseInt("x-sim-text-events", value);
            }
            if ((value = headers.getFirst("x-sim-first-event-delay-ms")) != null) {
                draft.firstEventDelayMs = parseLong("x-sim-first-event-delay-ms", value);
            }
            if ((value = headers.getFirst("x-sim-event-gap-ms")) != null) {
                draft.eventGapMs = parseLong("x-sim-event-gap-ms", value);
            }
            if ((value = headers.getFirst("x-sim-headers-delay-ms")) != null) {
                draft.headersDelayMs = parseLong("x-sim-headers-delay-ms", value);
            }
            if ((value = headers.getFirst("x-sim-status")) != null) {
                draft.status = parseInt("x-sim-status", value);
            }
            if ((value = headers.getFirst("x-sim-retry-after")) != null) {
                draft.retryAfter = parseInt("x-sim-retry-after", value);
            }
            if ((value = headers.getFirst("x-sim-stream-error")) != null) {
                draft.streamError = StreamError.fromWireName("x-sim-stream-error", value);
            }
            if ((value = headers.getFirst("x-sim-error-after-events")) != null) {
                draft.errorAfterEvents = parseInt("x-sim-error-after-events", value);
            }
            if ((value = headers.getFirst("x-sim-gzip")) != null) {
                draft.gzip = parseBoolean("x-sim-gzip", value);
            }
            if ((value = headers.getFirst("x-sim-crlf")) != null) {
                draft.crlf = parseBoolean("x-sim-crlf", value);
            }
            if ((value = headers.getFirst("x-sim-tool-name")) != null) {
                draft.toolName = value.trim();
            }
            if ((value = headers.getFirst("x-sim-tool-input")) != null) {
                draft.toolInput = parseJsonObject("x-sim-tool-input", value);
            }
            if ((value = headers.getFirst("x-sim-text")) != null) {
                draft.text = value;
            }
        });
    }

    /**
     * Reads a scenario from its JSON form, e.g. {@code {"status":529,"retryAfter":2}}; absent fields keep
     * their default. Unknown fields are rejected so that a misspelt field does not silently do nothing.
     *
     * @throws IllegalArgumentException when the JSON is not a valid scenario
     */
    public static Scenario fromJson(String json) {
        try (var reader = JsonFactories.READERS.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidScenarioException("a scenario is a JSON object");
            }
            return fromJson(value.asJsonObject());
        } catch (JsonException | NoSuchElementException e) {
            throw new InvalidScenarioException("a scenario is a JSON object: " + e.getMessage());
        }
    }

    /** Reads a scenario from an already parsed JSON object; see {@link #fromJson(String)}. */
    public static Scenario fromJson(JsonObject json) {
        Set<String> unknown = new TreeSet<>(json.keySet());
        unknown.removeAll(JSON_FIELDS);
        if (!unknown.isEmpty()) {
            throw new InvalidScenarioException(
                    "unknown scenario fields " + unknown + ", known: " + new TreeSet<>(JSON_FIELDS));
        }
        return DEFAULTS.edit(draft -> {
            for (Map.Entry<String, JsonValue> field : json.entrySet()) {
                String name = field.getKey();
                JsonValue value = field.getValue();
                switch (name) {
                    case "content" -> draft.content = Content.fromWireName(name, jsonString(name, value));
                    case "textEvents" -> draft.textEvents = jsonInt(name, value);
                    case "firstEventDelayMs" -> draft.firstEventDelayMs = jsonLong(name, value);
                    case "eventGapMs" -> draft.eventGapMs = jsonLong(name, value);
                    case "headersDelayMs" -> draft.headersDelayMs = jsonLong(name, value);
                    case "status" -> draft.status = jsonInt(name, value);
                    case "retryAfter" -> draft.retryAfter = jsonInt(name, value);
                    case "streamError" -> draft.streamError = StreamError.fromWireName(name, jsonString(name, value));
                    case "errorAfterEvents" -> draft.errorAfterEvents = jsonInt(name, value);
                    case "gzip" -> draft.gzip = jsonBoolean(name, value);
                    case "crlf" -> draft.crlf = jsonBoolean(name, value);
                    case "toolName" ->
                        draft.toolName =
                                value.getValueType() == JsonValue.ValueType.NULL ? null : jsonString(name, value);
                    case "toolInput" ->
                        draft.toolInput =
                                value.getValueType() == JsonValue.ValueType.NULL ? null : jsonObject(name, value);
                    case "text" ->
                        draft.text = value.getValueType() == JsonValue.ValueType.NULL ? null : jsonString(name, value);
                    default -> throw new IllegalStateException("JSON_FIELDS and this switch disagree on " + name);
                }
            }
        });
    }

    /** The JSON form accepted by {@code POST /_sim/scenarios}, for tests that drive a simulator in another process. */
    public String toJson() {
        JsonObjectBuilder json = JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("content", content.wireName())
                .add("textEvents", textEvents)
                .add("firstEventDelayMs", firstEventDelayMs)
                .add("eventGapMs", eventGapMs)
                .add("headersDelayMs", headersDelayMs)
                .add("status", status)
                .add("retryAfter", retryAfter)
                .add("streamError", streamError.wireName())
                .add("errorAfterEvents", errorAfterEvents)
                .add("gzip", gzip)
                .add("crlf", crlf);
        if (toolName == null) {
            json.addNull("toolName");
        } else {
            json.add("toolName", toolName);
        }
        if (toolInput == null) {
            json.addNull("toolInput");
        } else {
            json.add("toolInput", toolInput);
        }
        if (text == null) {
            json.addNull("text");
        } else {
            json.add("text", text);
        }
        return json.build().toString();
    }

    /** A copy with some fields changed; the canonical constructor then checks the result. */
    private Scenario edit(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.build();
    }

    /** The mutable twin of a scenario, so that each wither or parser changes only what it names. */
    private static final class Draft {
        Content content;
        int textEvents;
        long firstEventDelayMs;
        long eventGapMs;
        long headersDelayMs;
        int status;
        int retryAfter;
        StreamError streamError;
        int errorAfterEvents;
        boolean gzip;
        boolean crlf;
        String toolName;
        JsonObject toolInput;
        String text;

        Draft(Scenario from) {
            content = from.content;
            textEvents = from.textEvents;
            firstEventDelayMs = from.firstEventDelayMs;
            eventGapMs = from.eventGapMs;
            headersDelayMs = from.headersDelayMs;
            status = from.status;
            retryAfter = from.retryAfter;
            streamError = from.streamError;
            errorAfterEvents = from.errorAfterEvents;
            gzip = from.gzip;
            crlf = from.crlf;
            toolName = from.toolName;
            toolInput = from.toolInput;
            text = from.text;
        }

        Scenario build() {
            return new Scenario(
                    content,
                    textEvents,
                    firstEventDelayMs,
                    eventGapMs,
                    headersDelayMs,
                    status,
                    retryAfter,
                    streamError,
                    errorAfterEvents,
                    gzip,
                    crlf,
                    toolName,
                    toolInput,
                    text);
        }
    }

    private static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidScenarioException(field + ": " + value + " is outside [" + min + ", " + max + "]");
        }
    }

    private static int parseInt(String field, String value) {
        long parsed = parseLong(field, value);
        if (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE) {
            throw new InvalidScenarioException(field + ": " + value + " is too large");
        }
        return (int) parsed;
    }

    private static long parseLong(String field, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidScenarioException(field + ": expected a whole number, got '" + value + "'");
        }
    }

    private static boolean parseBoolean(String field, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidScenarioException(field + ": expected true or false, got '" + value + "'");
        };
    }

    private static String jsonString(String field, JsonValue value) {
        if (value instanceof JsonString string) {
            return string.getString();
        }
        throw new InvalidScenarioException(field + ": expected a string, got " + value);
    }

    private static JsonObject jsonObject(String field, JsonValue value) {
        if (value.getValueType() == JsonValue.ValueType.OBJECT) {
            return value.asJsonObject();
        }
        throw new InvalidScenarioException(field + ": expected a JSON object, got " + value);
    }

    private static JsonObject parseJsonObject(String field, String value) {
        try (var reader = JsonFactories.READERS.createReader(new StringReader(value))) {
            return jsonObject(field, reader.readValue());
        } catch (JsonException | NoSuchElementException e) {
            throw new InvalidScenarioException(field + ": expected a JSON object, got '" + value + "'");
        }
    }

    private static long jsonLong(String field, JsonValue value) {
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException e) {
                throw new InvalidScenarioException(field + ": " + value + " is too large");
            }
        }
        throw new InvalidScenarioException(field + ": expected a whole number, got " + value);
    }

    private static int jsonInt(String field, JsonValue value) {
        long parsed = jsonLong(field, value);
        if (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE) {
            throw new InvalidScenarioException(field + ": " + value + " is too large");
        }
        return (int) parsed;
    }

    private static boolean jsonBoolean(String field, JsonValue value) {
        if (value.getValueType() == JsonValue.ValueType.TRUE) {
            return true;
        }
        if (value.getValueType() == JsonValue.ValueType.FALSE) {
            return false;
        }
        throw new InvalidScenarioException(field + ": expected true or false, got " + value);
    }
}

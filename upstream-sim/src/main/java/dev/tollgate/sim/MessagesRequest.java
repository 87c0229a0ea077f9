package dev.tollgate.sim;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;

/**
 * What the simulator needs from a Messages or count_tokens body: the model to echo, whether to stream, and
 * the name of the first tool (a {@code tool_use} reply calls it).
 *
 * <p>The body is read with the streaming parser rather than into a tree: real bodies are 76 KB and more,
 * and the simulator must stay cheap as the baseline of benchmarks. Every token is still parsed, so
 * malformed JSON is refused like the real API refuses it.
 */
record MessagesRequest(String model, boolean stream, String firstToolName) {

    /** Which fields a body must have. */
    enum Kind {
        /** {@code POST /v1/messages}: {@code model}, {@code max_tokens}, {@code messages}. */
        MESSAGES,
        /** {@code POST /v1/messages/count_tokens}: the same body without {@code max_tokens}. */
        COUNT_TOKENS
    }

    /** @throws ApiFailure with status 400 when the body is not a valid request of that kind */
    static MessagesRequest read(byte[] body, Kind kind) {
        // bodies are UTF-8; naming the charset also skips parsson's detection, which fails on tiny bodies
        try (JsonParser parser =
                JsonFactories.PARSERS.createParser(new ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
            if (!parser.hasNext() || parser.next() != Event.START_OBJECT) {
                throw ApiFailure.invalidRequest("The request body must be a JSON object");
            }
            String model = null;
            Long maxTokens = null;
            boolean hasMessages = false;
            boolean stream = false;
            String firstToolName = null;
            for (Event event = parser.next(); event != Event.END_OBJECT; event = parser.next()) {
                String field = parser.getString();
                Event value = parser.next();
                switch (field) {
                    case "model" -> {
                        requireValue(value == Event.VALUE_STRING, "model: Input should be a valid string");
                        model = parser.getString();
                    }
                    case "max_tokens" -> {
                        requireValue(
                                value == Event.VALUE_NUMBER && parser.isIntegralNumber(),
                                "max_tokens: Input should be a valid integer");
                        maxTokens = parser.getLong();
                    }
                    case "messages" -> {
                        requireValue(value == Event.START_ARRAY, "messages: Input should be a valid list");
                        skipUntilClosed(parser, 1);
                        hasMessages = true;
                    }
                    case "stream" -> {
                        requireValue(
                                value == Event.VALUE_TRUE || value == Event.VALUE_FALSE,
                                "stream: Input should be a valid boolean");
                        stream = value == Event.VALUE_TRUE;
                    }
                    case "tools" -> {
                        requireValue(value == Event.START_ARRAY, "tools: Input should be a valid list");
                        firstToolName = readFirstToolName(parser);
                    }
                    default -> skipValue(parser, value);
                }
            }
            if (parser.hasNext()) {
                throw ApiFailure.invalidRequest("The request body must be a single JSON object");
            }
            requireValue(model != null, "model: Field required");
            if (kind == Kind.MESSAGES) {
                requireValue(maxTokens != null, "max_tokens: Field required");
                requireValue(maxTokens >= 1, "max_tokens: Input should be greater than or equal to 1");
            }
            requireValue(hasMessages, "messages: Field required");
            return new MessagesRequest(model, stream, firstToolName);
        } catch (JsonException | NoSuchElementException | IllegalStateException e) {
            throw ApiFailure.invalidRequest("There was an error parsing the body: " + e.getMessage());
        }
    }

    private static void requireValue(boolean condition, String message) {
        if (!condition) {
            throw ApiFailure.invalidRequest(message);
        }
    }

    /** Reads the {@code name} of the first tool, parser positioned just after the array start; consumes the array. */
    private static String readFirstToolName(JsonParser parser) {
        Event first = parser.next();
        if (first == Event.END_ARRAY) {
            return null;
        }
        String name = null;
        int depth = 1;
        if (first == Event.START_OBJECT) {
            JsonObject tool = parser.getObject();
            name = tool.getString("name", null);
        } else if (first == Event.START_ARRAY) {
            depth++;
        }
        skipUntilClosed(parser, depth);
        return name;
    }

    private static void skipValue(JsonParser parser, Event value) {
        if (value == Event.START_OBJECT || value == Event.START_ARRAY) {
            skipUntilClosed(parser, 1);
        }
    }

    /**
     * Consumes events until {@code depth} open structures are closed. Unlike {@code JsonParser.skipArray},
     * which only counts brackets, {@code next()} checks the grammar of what it skips.
     */
    private static void skipUntilClosed(JsonParser parser, int depth) {
        while (depth > 0) {
            switch (parser.next()) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                default -> {
                    // scalars and keys inside the skipped structure need no attention
                }
            }
        }
    }
}

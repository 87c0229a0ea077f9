package dev.tollgate.messages.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;

/**
 * JSON-P for the whole engine, with the two things the plain API gets wrong for a proxy.
 *
 * <p>The provider is looked up once: {@code Json.createReader} and friends look it up again on
 * every call, which measured 0.2-0.4 ms each, on the request path and per stream event in the
 * journal. And parsing never throws: hostile input (such as JSON nested a thousand levels deep,
 * for which Parsson throws a plain {@code RuntimeException} rather than a {@code JsonException})
 * is reported as "not a JSON document" instead of escaping into the caller.
 */
public final class JsonDocuments {

    public static final JsonProvider JSON = JsonProvider.provider();

    private JsonDocuments() {}

    /** The text as a JSON object, or null if it is anything else or no JSON at all. */
    public static JsonObject parseObjectOrNull(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try (var reader = JSON.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object && isSingleDocument(text) ? object : null;
        } catch (RuntimeException e) { // JsonException, and Parsson's plain RuntimeException for deep nesting
            return null;
        }
    }

    /** True if the text is exactly one JSON value (whitespace around it allowed, nothing after it). */
    public static boolean isSingleDocument(String text) {
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                return false;
            }
            int depth = 0;
            do {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> {
                        // scalars and keys do not change the depth
                    }
                }
            } while (depth > 0);
            return !parser.hasNext();
        } catch (RuntimeException e) { // see parseObjectOrNull
            return false;
        }
    }
}

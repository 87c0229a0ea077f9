package dev.tollgate.messages.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.messages.entity.RequestSummary;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;

/**
 * Checks that a request body is one well-formed JSON object and picks out {@code model} and
 * {@code stream}, in one streaming pass without building a tree (bodies of Claude Code are 80 KB
 * and more). The body itself is forwarded as the client sent it, byte for byte.
 */
public class RequestBodyInspector {

    /** @throws MalformedBodyException with a message that says where the JSON broke */
    public RequestSummary inspect(byte[] body) {
        if (body.length == 0) {
            throw new MalformedBodyException("Request body is empty; expected a JSON object.");
        }
        String model = null;
        boolean stream = false;
        try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new MalformedBodyException("Request body must be a JSON object.");
            }
            int depth = 1;
            String key = null;
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                switch (event) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case KEY_NAME -> key = depth == 1 ? parser.getString() : null;
                    case VALUE_STRING -> model = depth == 1 && "model".equals(key) ? parser.getString() : model;
                    case VALUE_TRUE -> stream = stream || depth == 1 && "stream".equals(key);
                    default -> {
                        // other values say nothing the relay needs
                    }
                }
                if (depth == 0 && parser.hasNext()) {
                    throw new MalformedBodyException("Request body holds more than one JSON value.");
                }
            }
        } catch (JsonParsingException e) {
            var location = e.getLocation();
            throw new MalformedBodyException("Request body is not valid JSON (line " + location.getLineNumber()
                    + ", column " + location.getColumnNumber() + "): " + e.getMessage());
        } catch (jakarta.json.JsonException e) {
            throw new MalformedBodyException("Request body is not valid JSON: " + e.getMessage());
        } catch (MalformedBodyException e) {
            throw e;
        } catch (RuntimeException e) {
            // Parsson refuses very deep nesting with a plain RuntimeException: still the client's input
            throw new MalformedBodyException("Request body is not acceptable JSON: " + e.getMessage());
        }
        return new RequestSummary(model, stream);
    }

    /** The body is not what the Messages API accepts; the message is meant for the client. */
    public static class MalformedBodyException extends RuntimeException {
        public MalformedBodyException(String message) {
            super(message);
        }
    }
}

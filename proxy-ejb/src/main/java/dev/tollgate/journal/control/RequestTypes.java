package dev.tollgate.journal.control;

import dev.tollgate.messages.control.JsonDocuments;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;

/**
 * The {@code request_type} of a journaled request, as Claude Nexus Proxy classifies it, so the seeds'
 * dashboards and queries keep working: Claude Code's {@code quota} probe, {@code inference} (a
 * request with the full system prompt: two or more system blocks), {@code query_evaluation} (the
 * small side requests: titles, topic checks), {@code count_tokens} and {@code models}.
 *
 * <p>Runs in the journal's writer on whatever a client sent: it never throws, and a body it cannot
 * read is a {@code query_evaluation} (it has no system prompt that could be counted).
 */
public final class RequestTypes {

    public static final String INFERENCE = "inference";
    public static final String QUERY_EVALUATION = "query_evaluation";
    public static final String QUOTA = "quota";
    public static final String COUNT_TOKENS = "count_tokens";
    public static final String MODELS = "models";

    private RequestTypes() {}

    /** The type of a request to {@code path} (with or without its query string), or null for other paths. */
    public static String classify(String path, byte[] body) {
        return classify(path, body == null ? null : new String(body, StandardCharsets.UTF_8));
    }

    public static String classify(String path, String body) {
        if (path == null) {
            return null;
        }
        int query = path.indexOf('?');
        String bare = query >= 0 ? path.substring(0, query) : path;
        if (bare.length() > 1 && bare.endsWith("/")) {
            bare = bare.substring(0, bare.length() - 1);
        }
        return switch (bare) {
            // the OpenAI-compatible endpoint journals the Messages request it sent upstream
            case "/v1/messages", "/openai/v1/chat/completions", "/v1/chat/completions" -> classifyMessages(body);
            case "/v1/messages/count_tokens" -> COUNT_TOKENS;
            case "/v1/models", "/openai/v1/models" -> MODELS;
            default -> bare.startsWith("/v1/models/") || bare.startsWith("/openai/v1/models/") ? MODELS : null;
        };
    }

    /** The type of a Messages API request body: {@code quota}, {@code inference} or {@code query_evaluation}. */
    public static String classifyMessages(String body) {
        JsonObject request = JsonDocuments.parseObjectOrNull(body);
        if (request == null) {
            return QUERY_EVALUATION;
        }
        JsonArray messages = request.get("messages") instanceof JsonArray array ? array : JsonValue.EMPTY_JSON_ARRAY;
        if (isQuotaProbe(messages)) {
            return QUOTA;
        }
        return systemMessageCount(request, messages) >= 2 ? INFERENCE : QUERY_EVALUATION;
    }

    /** Claude Code asks for its quota with one user message that says exactly "quota" (and max_tokens 1). */
    private static boolean isQuotaProbe(JsonArray messages) {
        if (messages.size() != 1 || !(messages.get(0) instanceof JsonObject message)) {
            return false;
        }
        if (!(message.get("role") instanceof JsonString role)
                || !role.getString().equals("user")) {
            return false;
        }
        return "quota".equals(text(message.get("content")));
    }

    /** A string's text, or the text of an array of text blocks; null for anything else. */
    private static String text(JsonValue content) {
        if (content instanceof JsonString string) {
            return string.getString();
        }
        if (!(content instanceof JsonArray blocks) || blocks.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (JsonValue block : blocks) {
            if (!(block instanceof JsonObject b)
                    || !(b.get("type") instanceof JsonString type)
                    || !type.getString().equals("text")
                    || !(b.get("text") instanceof JsonString blockText)) {
                return null;
            }
            text.append(blockText.getString());
        }
        return text.toString();
    }

    /** The {@code system} field (a string is one, an array its blocks) plus the messages with role "system". */
    private static int systemMessageCount(JsonObject request, JsonArray messages) {
        JsonValue system = request.get("system");
        int count = system instanceof JsonString ? 1 : system instanceof JsonArray blocks ? blocks.size() : 0;
        for (JsonValue message : messages) {
            if (message instanceof JsonObject m
                    && m.get("role") instanceof JsonString role
                    && role.getString().equals("system")) {
                count++;
            }
        }
        return count;
    }
}

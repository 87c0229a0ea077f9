package dev.tollgate.conversations.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.conversations.entity.MessageHashes;
import dev.tollgate.messages.control.JsonDocuments;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Hashes the turns of a Messages API request so that the same conversation prefix gives the same
 * hash in every request that repeats it, whatever a client changes between two sends without
 * changing the conversation.
 *
 * <p>Normalization, each rule for a reason seen in real traffic:
 *
 * <ul>
 *   <li>{@code role: "system"} entries of {@code messages} are system content, not turns: Claude
 *       Code inserts them mid-conversation and they are not part of the exchange.
 *   <li>{@code <system-reminder>...</system-reminder>} text is removed and text is trimmed: Claude
 *       Code re-injects reminders (the date, the agent list) that differ between sends of one turn.
 *   <li>{@code cache_control} is dropped everywhere: clients move the cache breakpoint to the newest
 *       message on every request.
 *   <li>{@code thinking} and {@code redacted_thinking} blocks are dropped: the API lets clients omit
 *       them from earlier turns, so they may be present in one send and absent in the next.
 *   <li>string content equals a single text block (the API treats them the same), also in
 *       {@code tool_result}; object keys are sorted, so key order in the client's JSON is irrelevant.
 *   <li>the {@code x-anthropic-billing-header} system block is left out of the system hash: it
 *       carries the client version and changes on every update.
 * </ul>
 *
 * <p>Never throws: anything that is not a Messages API request gives {@link MessageHashes#NONE}.
 */
public class MessageHasher {

    static final String BILLING_HEADER_PREFIX = "x-anthropic-billing-header:";

    private static final Pattern SYSTEM_REMINDER =
            Pattern.compile("<system-reminder>.*?</system-reminder>", Pattern.DOTALL);

    public MessageHashes hash(String requestBody) {
        JsonObject request = JsonDocuments.parseObjectOrNull(requestBody);
        return request == null ? MessageHashes.NONE : hash(request);
    }

    public MessageHashes hash(JsonObject request) {
        if (!(request.get("messages") instanceof JsonArray messages)) {
            return MessageHashes.NONE;
        }
        List<JsonValue> system = new ArrayList<>(withoutBillingHeader(normalizedContent(request.get("system"))));
        List<String> turns = new ArrayList<>();
        String firstUserText = null;
        for (JsonValue value : messages) {
            if (!(value instanceof JsonObject message)
                    || !(message.get("role") instanceof JsonString role)
                    || !isContent(message.get("content"))) {
                return MessageHashes.NONE;
            }
            List<JsonValue> content = normalizedContent(message.get("content"));
            if ("system".equals(role.getString())) {
                system.addAll(content);
                continue;
            }
            if (firstUserText == null) {
                firstUserText = textOf(content);
            }
            JsonObject turn = JSON.createObjectBuilder()
                    .add("role", role)
                    .add("content", JSON.createArrayBuilder(content))
                    .build();
            turns.add(canonical(turn));
        }
        if (turns.isEmpty()) {
            return MessageHashes.NONE;
        }
        MessageDigest digest = sha256();
        String parentHash = null;
        digest.update((byte) '[');
        for (int i = 0; i < turns.size(); i++) {
            if (i > 0) {
                digest.update((byte) ',');
            }
            digest.update(turns.get(i).getBytes(StandardCharsets.UTF_8));
            if (turns.size() >= 3 && i == turns.size() - 3) {
                parentHash = finish(clone(digest));
            }
        }
        String currentHash = finish(digest);
        String systemHash = system.isEmpty()
                ? null
                : hex(sha256(canonical(JSON.createArrayBuilder(system).build())));
        return new MessageHashes(currentHash, parentHash, turns.size(), systemHash, firstUserText);
    }

    /** Content is a string or an array of blocks; anything else is no Messages API request. */
    private static boolean isContent(JsonValue content) {
        return content instanceof JsonString || content instanceof JsonArray;
    }

    /** Content as a list of normalized blocks: a string is one text block; null is no blocks. */
    static List<JsonValue> normalizedContent(JsonValue content) {
        List<JsonValue> blocks = new ArrayList<>();
        if (content instanceof JsonString text) {
            addBlock(blocks, textBlock(text.getString()));
        } else if (content instanceof JsonArray array) {
            for (JsonValue block : array) {
                addBlock(blocks, block);
            }
        }
        return blocks;
    }

    private static JsonObject textBlock(String text) {
        return JSON.createObjectBuilder().add("type", "text").add("text", text).build();
    }

    /** Adds the normalized block unless normalization leaves nothing of it. */
    private static void addBlock(List<JsonValue> blocks, JsonValue block) {
        if (!(block instanceof JsonObject object)) {
            blocks.add(block);
            return;
        }
        String type = object.get("type") instanceof JsonString s ? s.getString() : null;
        if ("thinking".equals(type) || "redacted_thinking".equals(type)) {
            return;
        }
        if ("text".equals(type) && object.get("text") instanceof JsonString text) {
            String stripped = withoutReminders(text.getString());
            if (stripped.isEmpty()) {
                return;
            }
            blocks.add(normalizedObject(object, "text", JSON.createValue(stripped)));
        } else if ("tool_result".equals(type) && isContent(object.get("content"))) {
            blocks.add(normalizedObject(
                    object,
                    "content",
                    JSON.createArrayBuilder(normalizedContent(object.get("content")))
                            .build()));
        } else {
            blocks.add(normalizedObject(object, null, null));
        }
    }

    /** The object without {@code cache_control} at any depth, with one member replaced if given. */
    private static JsonObject normalizedObject(JsonObject object, String replacedKey, JsonValue replacement) {
        JsonObjectBuilder builder = JSON.createObjectBuilder();
        object.forEach((key, value) -> {
            if (key.equals(replacedKey)) {
                builder.add(key, replacement);
            } else if (!key.equals("cache_control")) {
                builder.add(key, withoutCacheControl(value));
            }
        });
        return builder.build();
    }

    private static JsonValue withoutCacheControl(JsonValue value) {
        if (value instanceof JsonObject object) {
            return normalizedObject(object, null, null);
        }
        if (value instanceof JsonArray array) {
            JsonArrayBuilder builder = JSON.createArrayBuilder();
            array.forEach(element -> builder.add(withoutCacheControl(element)));
            return builder.build();
        }
        return value;
    }

    static String withoutReminders(String text) {
        return text.indexOf("<system-reminder>") < 0
                ? text.strip()
                : SYSTEM_REMINDER.matcher(text).replaceAll("").strip();
    }

    private static List<JsonValue> withoutBillingHeader(List<JsonValue> blocks) {
        return blocks.stream()
                .filter(block -> !(block instanceof JsonObject object
                        && object.get("text") instanceof JsonString text
                        && text.getString().startsWith(BILLING_HEADER_PREFIX)))
                .toList();
    }

    /** The text blocks of normalized content, one per line. */
    private static String textOf(List<JsonValue> content) {
        StringBuilder text = new StringBuilder();
        for (JsonValue block : content) {
            if (block instanceof JsonObject object
                    && "text".equals(object.getString("type", null))
                    && object.get("text") instanceof JsonString s) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(s.getString());
            }
        }
        return text.toString().strip();
    }

    /** JSON with object keys sorted, no whitespace: equal values give equal text. */
    static String canonical(JsonValue value) {
        StringBuilder out = new StringBuilder();
        appendCanonical(value, out);
        return out.toString();
    }

    private static void appendCanonical(JsonValue value, StringBuilder out) {
        if (value instanceof JsonObject object) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonValue> member : new TreeMap<>(object).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(JSON.createValue(member.getKey())).append(':');
                appendCanonical(member.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof JsonArray array) {
            out.append('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendCanonical(array.get(i), out);
            }
            out.append(']');
        } else {
            out.append(value); // strings come out quoted and escaped, numbers as written
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static MessageDigest clone(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private static byte[] sha256(String text) {
        return sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Closes the JSON array of turns and gives its hash. */
    private static String finish(MessageDigest digest) {
        digest.update((byte) ']');
        return hex(digest.digest());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

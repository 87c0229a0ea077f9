package dev.tollgate.quotas.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.quotas.entity.InvalidQuotaFileException;
import dev.tollgate.quotas.entity.Limit;
import dev.tollgate.quotas.entity.Limits;
import dev.tollgate.quotas.entity.Measure;
import dev.tollgate.quotas.entity.QuotaPolicy;
import dev.tollgate.quotas.entity.Window;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a quota file (docs/quotas.md): every field is checked, and the first problem is reported
 * with where it is, so that a typo never becomes a silently missing limit.
 *
 * <pre>{@code
 * {
 *   "trains":     { "*": { "requests": { "minute": 60 } }, "batch": { "tokens": { "5h": 5000000 } } },
 *   "clientKeys": { "<api_key_hash>": { "name": "alice", "requests": { "hour": 500 } } }
 * }
 * }</pre>
 */
public final class QuotaFileReader {

    /** The default entry, for every train (or key) without one of its own. */
    public static final String EVERY = "*";

    /** Quota files are small; anything bigger is a mistake (a log file given by accident). */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    /** The train ids Tollgate accepts (RoutingHeaders): an entry for anything else could never apply. */
    private static final Pattern TRAIN_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._:-]{0,127}");

    /** {@code api_requests.api_key_hash}: hex SHA-256. */
    private static final Pattern KEY_HASH = Pattern.compile("[0-9a-fA-F]{64}");

    private static final Set<String> TOP_LEVEL = Set.of("trains", "clientKeys", "comment");

    public QuotaPolicy read(Path file) {
        return parse(file, load(file));
    }

    /** The file's bytes, for a caller that parses only when they changed. */
    public byte[] load(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidQuotaFileException(file, "larger than " + MAX_BYTES + " bytes; is it the right file?");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidQuotaFileException(file, "cannot be read (" + e + ")", e);
        }
    }

    public QuotaPolicy parse(Path file, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidQuotaFileException(file, "is not UTF-8");
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidQuotaFileException(file, e.getMessage());
        }
    }

    /** @throws IllegalArgumentException naming the first problem and where it is */
    public QuotaPolicy parse(String text) {
        JsonObject root;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            root = reader.readObject();
        } catch (RuntimeException e) { // JsonException, or Parsson's plain RuntimeException for deep nesting
            throw new IllegalArgumentException("not a JSON object: " + rootCause(e));
        }
        for (String field : root.keySet()) {
            if (!TOP_LEVEL.contains(field)) {
                throw new IllegalArgumentException(
                        "unknown field \"" + field + "\" (expected \"trains\" and/or \"clientKeys\")");
            }
        }
        Map<String, Limits> trains = subjects(root, "trains", TRAIN_ID, "a train id (letters, digits and ._:-)");
        Map<String, Limits> keys = subjects(
                root, "clientKeys", KEY_HASH, "a client key's api_key_hash (64 hex digits, as in the journal)");
        Limits everyTrain = trains.getOrDefault(EVERY, Limits.NONE);
        Limits everyKey = keys.getOrDefault(EVERY, Limits.NONE);
        trains.remove(EVERY);
        keys.remove(EVERY);
        return new QuotaPolicy(trains, everyTrain, keys, everyKey);
    }

    private static Map<String, Limits> subjects(JsonObject root, String field, Pattern idPattern, String idMeaning) {
        Map<String, Limits> subjects = new LinkedHashMap<>();
        if (!root.containsKey(field)) {
            return subjects;
        }
        JsonObject entries = object(root.get(field), field);
        for (Map.Entry<String, JsonValue> entry : entries.entrySet()) {
            String id = entry.getKey();
            String where = field + ".\"" + id + "\"";
            if (!id.equals(EVERY) && !idPattern.matcher(id).matches()) {
                throw new IllegalArgumentException(where + ": not \"*\" and not " + idMeaning);
            }
            // hashes are compared as the journal writes them: lower case
            String normalized = field.equals("clientKeys") ? id.toLowerCase(Locale.ROOT) : id;
            if (subjects.put(normalized, limits(entry.getValue(), where)) != null) {
                throw new IllegalArgumentException(where + ": given twice");
            }
        }
        return subjects;
    }

    private static Limits limits(JsonValue value, String where) {
        JsonObject entry = object(value, where);
        String name = null;
        List<Limit> limits = new ArrayList<>();
        for (Map.Entry<String, JsonValue> field : entry.entrySet()) {
            String key = field.getKey();
            if (key.equals("name") || key.equals("comment")) {
                if (!(field.getValue() instanceof JsonString string)) {
                    throw new IllegalArgumentException(where + "." + key + ": must be a string");
                }
                if (key.equals("name")) {
                    name = string.getString();
                }
                continue;
            }
            Measure measure;
            try {
                measure = Measure.of(key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage() + ", \"name\" or \"comment\"");
            }
            String measureWhere = where + "." + key;
            for (Map.Entry<String, JsonValue> perWindow :
                    object(field.getValue(), measureWhere).entrySet()) {
                Window window;
                try {
                    window = Window.of(perWindow.getKey());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(measureWhere + ": " + e.getMessage());
                }
                limits.add(new Limit(measure, window, count(perWindow.getValue(), measureWhere + "." + window.key())));
            }
        }
        return new Limits(name, limits);
    }

    private static long count(JsonValue value, String where) {
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw new IllegalArgumentException(where + ": must be a whole number, not " + value);
        }
        long count;
        try {
            count = number.bigIntegerValueExact().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(where + ": " + value + " is out of range");
        }
        if (count < 1) {
            throw new IllegalArgumentException(
                    where + ": must be at least 1, not " + count + " (to stop a client, revoke its key)");
        }
        return count;
    }

    private static JsonObject object(JsonValue value, String where) {
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException(where + ": must be a JSON object, not " + value);
        }
        return object;
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}

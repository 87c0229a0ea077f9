package dev.tollgate.credentials.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.credentials.entity.Account;
import dev.tollgate.credentials.entity.CredentialFormat;
import dev.tollgate.credentials.entity.CredentialType;
import dev.tollgate.credentials.entity.OAuthTokens;
import dev.tollgate.credentials.entity.SlackWebhook;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Reads one credential file: the seed format ({@code type}, {@code accountId}, {@code api_key},
 * {@code oauth}, ...) or a Claude CLI credentials file ({@code claudeAiOauth}).
 */
public class CredentialFileReader {

    private static final Logger LOG = Logger.getLogger(CredentialFileReader.class.getName());

    public static final String SUFFIX = ".credentials.json";
    public static final String ACCOUNTS_DIRECTORY = "accounts";

    /**
     * A file of the credentials directory: its name without {@code .credentials.json} is the
     * account's name, and a file directly in the directory (not under {@code accounts/}) is flat.
     *
     * @throws InvalidCredentialFileException with a message naming the file and the problem, never
     *     a secret
     */
    public Account read(Path file) {
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(SUFFIX)) {
            throw new InvalidCredentialFileException(file, "name must end with " + SUFFIX);
        }
        String name = fileName.substring(0, fileName.length() - SUFFIX.length());
        if (name.isEmpty()) { // e.g. Claude Code's .credentials.json copied in: no account name
            throw new InvalidCredentialFileException(file, "needs a name: <account>" + SUFFIX);
        }
        Path parent = file.getParent();
        boolean flat = parent == null
                || parent.getFileName() == null
                || !parent.getFileName().toString().equals(ACCOUNTS_DIRECTORY);
        return read(file, name, flat);
    }

    /**
     * A credential file of either format ({@link CredentialFormat}) as the account {@code name}: how
     * a Claude CLI file outside the credentials directory ({@code CLAUDE_CLI_CREDENTIALS}) is read.
     *
     * @throws InvalidCredentialFileException with a message naming the file and the problem, never
     *     a secret
     */
    public Account read(Path file, String name, boolean flat) {
        JsonObject json = readObject(file);
        try {
            if (formatOf(json) == CredentialFormat.CLAUDE_CLI) {
                return new Account(
                        name,
                        null,
                        CredentialType.OAUTH,
                        null,
                        file,
                        null,
                        claudeCliOAuth(json.getJsonObject(CredentialFormat.CLAUDE_CLI_KEY)),
                        flat,
                        null);
            }
            CredentialType type = CredentialType.fromFileValue(string(json, "type", "api_key"));
            String clientKey = string(json, "client_api_key", null);
            return new Account(
                    name,
                    string(json, "accountId", null),
                    type,
                    string(json, "api_key", null),
                    file,
                    clientKey == null || clientKey.isBlank() ? null : KeyDigests.sha256(clientKey.trim()),
                    type == CredentialType.OAUTH ? oauth(json) : null,
                    flat,
                    slackOrNull(file, json));
        } catch (IllegalArgumentException e) {
            throw new InvalidCredentialFileException(file, e.getMessage());
        }
    }

    /** Which format a file is in (for the command line's status; the writer decides the same way). */
    public CredentialFormat formatOf(Path file) {
        return formatOf(readObject(file));
    }

    /**
     * A file without {@code "type"} whose tokens are in a {@code claudeAiOauth} object is a Claude
     * CLI file; everything else is read as the seed format (whose default type is api_key).
     */
    public static CredentialFormat formatOf(JsonObject json) {
        return !json.containsKey("type") && json.get(CredentialFormat.CLAUDE_CLI_KEY) instanceof JsonObject
                ? CredentialFormat.CLAUDE_CLI
                : CredentialFormat.SEED;
    }

    private static JsonObject readObject(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            JsonValue value = JSON.createReader(in).readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidCredentialFileException(file, "must hold a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new InvalidCredentialFileException(file, "is not valid JSON");
        } catch (InvalidCredentialFileException e) {
            throw e;
        } catch (RuntimeException e) { // Parsson's plain RuntimeException for absurdly deep nesting
            throw new InvalidCredentialFileException(file, "is not acceptable JSON");
        } catch (IOException e) {
            throw new InvalidCredentialFileException(
                    file, "cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** The {@code claudeAiOauth} object: the same token fields as the seed's, plus the subscription. */
    private static OAuthTokens claudeCliOAuth(JsonObject oauth) {
        String subscription = string(oauth, "subscriptionType", null);
        return new OAuthTokens(
                string(oauth, "accessToken", null),
                string(oauth, "refreshToken", null),
                expiresAt(oauth),
                scopes(oauth),
                "max".equalsIgnoreCase(subscription),
                subscription);
    }

    private static OAuthTokens oauth(JsonObject json) {
        if (!(json.get("oauth") instanceof JsonObject oauth)) {
            throw new IllegalArgumentException("an oauth credential needs an \"oauth\" object");
        }
        return new OAuthTokens(
                string(oauth, "accessToken", null),
                string(oauth, "refreshToken", null),
                expiresAt(oauth),
                scopes(oauth),
                oauth.get("isMax") == JsonValue.TRUE);
    }

    private static List<String> scopes(JsonObject oauth) {
        List<String> scopes = new ArrayList<>();
        if (oauth.get("scopes") instanceof JsonArray array) {
            for (JsonValue scope : array) {
                if (scope instanceof JsonString text) {
                    scopes.add(text.getString());
                }
            }
        }
        return scopes;
    }

    private static long expiresAt(JsonObject oauth) {
        return oauth.get("expiresAt") instanceof JsonNumber number ? number.longValue() : 0;
    }

    /**
     * The optional {@code slack} block (Claude Nexus Proxy's per-account alert webhook). A broken
     * block costs the account only its own webhook, never the account itself: it is reported (without
     * the URL, which is a secret) and its alerts go to the global webhook.
     */
    private static SlackWebhook slackOrNull(Path file, JsonObject json) {
        JsonValue value = json.get("slack");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        try {
            if (!(value instanceof JsonObject slack)) {
                throw new IllegalArgumentException("must be an object");
            }
            JsonValue enabled = slack.get("enabled");
            if (enabled != null
                    && enabled != JsonValue.TRUE
                    && enabled != JsonValue.FALSE
                    && enabled != JsonValue.NULL) {
                throw new IllegalArgumentException("\"enabled\" must be true or false");
            }
            String url = string(slack, "webhook_url", null);
            if (enabled == JsonValue.FALSE && (url == null || url.isBlank())) {
                return null; // switched off and nothing to keep: no reason to complain
            }
            return SlackWebhook.of(
                    url,
                    string(slack, "channel", null),
                    string(slack, "username", null),
                    string(slack, "icon_emoji", null),
                    enabled != JsonValue.FALSE);
        } catch (IllegalArgumentException e) {
            LOG.warning("Credential file " + file + ": its \"slack\" block is ignored (" + e.getMessage()
                    + "); the account's alerts go to SLACK_WEBHOOK_URL, if set");
            return null;
        }
    }

    private static String string(JsonObject json, String key, String fallback) {
        JsonValue value = json.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        throw new IllegalArgumentException("\"" + key + "\" must be a string");
    }
}

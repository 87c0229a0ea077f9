package dev.tollgate.credentials.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.credentials.entity.Account;
import dev.tollgate.credentials.entity.CredentialType;
import dev.tollgate.credentials.entity.OAuthTokens;
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

/** Reads one seed-format credential file ({@code type}, {@code accountId}, {@code api_key}, ...). */
public class CredentialFileReader {

    public static final String SUFFIX = ".credentials.json";
    public static final String ACCOUNTS_DIRECTORY = "accounts";

    /**
     * @throws InvalidCredentialFileException with a message naming the file and the problem, never
     *     a secret
     */
    public Account read(Path file) {
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(SUFFIX)) {
            throw new InvalidCredentialFileException(file, "name must end with " + SUFFIX);
        }
        String name = fileName.substring(0, fileName.length() - SUFFIX.length());
        JsonObject json;
        try (InputStream in = Files.newInputStream(file)) {
            JsonValue value = JSON.createReader(in).readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidCredentialFileException(file, "must hold a JSON object");
            }
            json = value.asJsonObject();
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
        try {
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
                    !file.getParent().getFileName().toString().equals(ACCOUNTS_DIRECTORY));
        } catch (IllegalArgumentException e) {
            throw new InvalidCredentialFileException(file, e.getMessage());
        }
    }

    private static OAuthTokens oauth(JsonObject json) {
        if (!(json.get("oauth") instanceof JsonObject oauth)) {
            throw new IllegalArgumentException("an oauth credential needs an \"oauth\" object");
        }
        List<String> scopes = new ArrayList<>();
        if (oauth.get("scopes") instanceof JsonArray array) {
            for (JsonValue scope : array) {
                if (scope instanceof JsonString text) {
                    scopes.add(text.getString());
                }
            }
        }
        long expiresAt = oauth.get("expiresAt") instanceof JsonNumber number ? number.longValue() : 0;
        return new OAuthTokens(
                string(oauth, "accessToken", null),
                string(oauth, "refreshToken", null),
                expiresAt,
                scopes,
                oauth.get("isMax") == JsonValue.TRUE);
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

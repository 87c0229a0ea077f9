package dev.tollgate.clientauth.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.clientauth.entity.ClientKey;
import dev.tollgate.clientauth.entity.KeyScope;
import dev.tollgate.credentials.control.InvalidCredentialFileException;
import dev.tollgate.credentials.control.KeyDigests;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads {@code train-client-keys/<train-id>.client-keys.json}: {@code {"keys": ["cnp_live_..."]}}
 * or a bare JSON array. The train id is the file name, checked like a header value.
 */
public class TrainKeyFileReader {

    public static final String DIRECTORY = "train-client-keys";
    public static final String SUFFIX = ".client-keys.json";
    static final Pattern TRAIN_ID = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,127}$");

    /** @throws InvalidCredentialFileException naming the file and the problem, never a key */
    public List<ClientKey> read(Path file) {
        String fileName = file.getFileName().toString();
        String trainId = fileName.substring(0, fileName.length() - SUFFIX.length());
        if (!TRAIN_ID.matcher(trainId).matches()) {
            throw new InvalidCredentialFileException(file, "does not name a valid train id");
        }
        JsonValue json;
        try (InputStream in = Files.newInputStream(file)) {
            json = JSON.createReader(in).readValue();
        } catch (IOException e) {
            throw new InvalidCredentialFileException(
                    file, "cannot be read: " + e.getClass().getSimpleName());
        } catch (RuntimeException e) { // JsonException, or Parsson's plain RuntimeException for deep nesting
            throw new InvalidCredentialFileException(file, "is not valid JSON");
        }
        JsonArray keys;
        if (json instanceof JsonArray array) {
            keys = array;
        } else if (json instanceof JsonObject object && object.get("keys") instanceof JsonArray array) {
            keys = array;
        } else {
            throw new InvalidCredentialFileException(file, "must be {\"keys\": [...]} or a JSON array of keys");
        }
        KeyScope scope = KeyScope.train(DIRECTORY + "/" + fileName, trainId);
        List<ClientKey> result = new ArrayList<>();
        for (JsonValue key : keys) {
            if (!(key instanceof JsonString text) || text.getString().isBlank()) {
                throw new InvalidCredentialFileException(file, "holds an entry that is not a non-empty string");
            }
            result.add(new ClientKey(KeyDigests.sha256(text.getString().trim()), scope));
        }
        return result;
    }
}

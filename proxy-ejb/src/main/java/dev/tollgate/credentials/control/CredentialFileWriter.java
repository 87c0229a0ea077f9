package dev.tollgate.credentials.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.credentials.entity.OAuthTokens;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;

/**
 * Writes credential files so that a crash at any moment leaves either the old file or the new one,
 * never a broken one: the content goes to a temporary file in the same directory (mode 0600 from
 * the start), is forced to disk, and replaces the file by an atomic rename; then the directory is
 * forced too. Every field Tollgate does not own is preserved.
 */
public class CredentialFileWriter {

    /** Called after each step; tests throw from it to simulate a crash at that point. */
    public interface Steps {
        Steps NONE = step -> {};

        void after(String step) throws IOException;
    }

    private final Steps steps;

    public CredentialFileWriter() {
        this(Steps.NONE);
    }

    public CredentialFileWriter(Steps steps) {
        this.steps = steps;
    }

    /** Replaces the {@code oauth} tokens of an existing file, keeping everything else. */
    public void writeTokens(Path file, OAuthTokens tokens) throws IOException {
        JsonObject current;
        try (InputStream in = Files.newInputStream(file)) {
            current = JSON.createReader(in).readObject();
        }
        JsonObjectBuilder oauth = JSON.createObjectBuilder(
                current.get("oauth") instanceof JsonObject existing ? existing : JsonValue.EMPTY_JSON_OBJECT);
        oauth.add("accessToken", tokens.accessToken());
        if (tokens.refreshToken() != null) {
            oauth.add("refreshToken", tokens.refreshToken());
        }
        oauth.add("expiresAt", tokens.expiresAt());
        var scopes = JSON.createArrayBuilder();
        tokens.scopes().forEach(scopes::add);
        oauth.add("scopes", scopes);
        write(file, JSON.createObjectBuilder(current).add("oauth", oauth).build());
    }

    /** Writes a whole credential file (e.g. after a login), atomically and with mode 0600. */
    public void write(Path file, JsonObject content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = directory.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            steps.after("created");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(pretty(content).getBytes(StandardCharsets.UTF_8)));
                steps.after("written");
                channel.force(true);
            }
            steps.after("forced");
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + directory + " cannot rename atomically", e);
            }
            steps.after("renamed");
            forceDirectory(directory);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every platform can force a directory; the rename itself is already atomic
        }
    }

    private static String pretty(JsonObject content) {
        StringWriter text = new StringWriter();
        try (var writer = JSON.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createWriter(text)) {
            writer.writeObject(content);
        }
        return text.toString().trim() + "\n";
    }
}

package dev.tollgate.credentials.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.credentials.entity.CredentialFormat;
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
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes credential files so that a crash at any moment leaves either the old file or the new one,
 * never a broken one: the content goes to a temporary file in the same directory (mode 0600 from
 * the start), is forced to disk, and replaces the file by an atomic rename; then the directory is
 * forced too. Every field Tollgate does not own is preserved, in both formats ({@link
 * CredentialFormat}).
 *
 * <p>The mode of a file that exists is kept where it is stricter than 0600 and narrowed to 0600
 * where it is wider: a Claude CLI file someone made read-only ({@code 0400}) stays so, a
 * world-readable one ({@code 0644}) stops being so. Group and other bits are never written.
 */
public class CredentialFileWriter {

    /** Called after each step; tests throw from it to simulate a crash at that point. */
    public interface Steps {
        Steps NONE = step -> {};

        void after(String step) throws IOException;
    }

    private static final Set<PosixFilePermission> OWNER_READ_WRITE =
            Set.copyOf(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

    private final Steps steps;

    public CredentialFileWriter() {
        this(Steps.NONE);
    }

    public CredentialFileWriter(Steps steps) {
        this.steps = steps;
    }

    /**
     * Replaces the tokens of an existing file, keeping everything else: the {@code oauth} object of
     * a seed file, the {@code claudeAiOauth} object of a Claude CLI file (whose other fields, such
     * as {@code subscriptionType}, and other top-level keys stay as they are).
     */
    public void writeTokens(Path file, OAuthTokens tokens) throws IOException {
        JsonObject current;
        try (InputStream in = Files.newInputStream(file)) {
            current = JSON.createReader(in).readObject();
        }
        String key = CredentialFileReader.formatOf(current) == CredentialFormat.CLAUDE_CLI
                ? CredentialFormat.CLAUDE_CLI_KEY
                : "oauth";
        JsonObjectBuilder oauth = JSON.createObjectBuilder(
                current.get(key) instanceof JsonObject existing ? existing : JsonValue.EMPTY_JSON_OBJECT);
        oauth.add("accessToken", tokens.accessToken());
        if (tokens.refreshToken() != null) {
            oauth.add("refreshToken", tokens.refreshToken());
        }
        oauth.add("expiresAt", tokens.expiresAt());
        var scopes = JSON.createArrayBuilder();
        tokens.scopes().forEach(scopes::add);
        oauth.add("scopes", scopes);
        write(file, JSON.createObjectBuilder(current).add(key, oauth).build());
    }

    /**
     * Writes a whole credential file (e.g. after a login), atomically, with mode 0600 or the
     * existing file's stricter one.
     */
    public void write(Path file, JsonObject content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = directory.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Set<PosixFilePermission> mode = modeFor(file);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
            steps.after("created");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(pretty(content).getBytes(StandardCharsets.UTF_8)));
                steps.after("written");
                channel.force(true);
            }
            steps.after("forced");
            if (!mode.equals(OWNER_READ_WRITE)) {
                // set only now: a 0400 temporary file could not have been written
                Files.setPosixFilePermissions(temporary, mode);
            }
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

    /** 0600 for a new file; for an existing one its owner bits within 0600, never more. */
    static Set<PosixFilePermission> modeFor(Path file) throws IOException {
        if (!Files.exists(file)) {
            return OWNER_READ_WRITE;
        }
        Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
        mode.addAll(Files.getPosixFilePermissions(file));
        mode.retainAll(OWNER_READ_WRITE);
        return mode;
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

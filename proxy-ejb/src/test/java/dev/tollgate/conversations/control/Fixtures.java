package dev.tollgate.conversations.control;

import dev.tollgate.messages.control.JsonDocuments;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The recorded traffic of real Claude clients in the shared fixtures directory (see its README). */
final class Fixtures {

    static final String CLAUDE_CODE_REQUEST = "claude-code-2.1.197-messages-request.json";

    private Fixtures() {}

    /** The body of a recorded request, as the JSON object the client sent. */
    static JsonObject requestBody(String name) {
        Path directory = Path.of(System.getProperty("tollgate.fixtures.dir", "../../shared/fixtures"));
        Path file = directory.resolve(name);
        try {
            JsonObject recorded = JsonDocuments.parseObjectOrNull(Files.readString(file, StandardCharsets.UTF_8));
            if (recorded == null) {
                throw new IllegalStateException("fixture " + file.toAbsolutePath() + " is no JSON object");
            }
            return recorded.getJsonObject("body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.tollgate.cli.launch;

import java.nio.file.Path;

/** A {@code .env} file that cannot be used; the message names the file and line, never a value. */
public class InvalidDotEnvException extends RuntimeException {

    public InvalidDotEnvException(Path file, int line, String problem) {
        super(file + " line " + line + ": " + problem);
    }

    public InvalidDotEnvException(Path file, String problem) {
        super(file + ": " + problem);
    }
}

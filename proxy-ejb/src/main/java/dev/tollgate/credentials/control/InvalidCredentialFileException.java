package dev.tollgate.credentials.control;

import java.nio.file.Path;

/** A credential file that cannot be used; the message names the file and the problem, never a secret. */
public class InvalidCredentialFileException extends RuntimeException {

    public InvalidCredentialFileException(Path file, String problem) {
        super("Credential file " + file + " " + problem);
    }
}

package dev.tollgate.quotas.entity;

import java.nio.file.Path;

/** A quota file that cannot be used; the message names the file and what is wrong where. */
public class InvalidQuotaFileException extends RuntimeException {

    public InvalidQuotaFileException(Path file, String problem) {
        super("Quota file " + file.toAbsolutePath() + ": " + problem);
    }

    public InvalidQuotaFileException(Path file, String problem, Throwable cause) {
        super("Quota file " + file.toAbsolutePath() + ": " + problem, cause);
    }
}

package dev.tollgate.cli.oauth;

import dev.tollgate.credentials.control.ClaudeCliCredentials;
import dev.tollgate.credentials.control.CredentialFileReader;
import dev.tollgate.credentials.control.InvalidCredentialFileException;
import dev.tollgate.credentials.entity.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Reads an OAuth credential file (either format) for a command, turning every problem into a clear exit. */
final class CredentialFiles {

    /** Exit codes shared by the oauth-* commands. */
    static final int OK = 0;

    static final int EXPIRED = 1;
    static final int BAD_FILE = 2;
    static final int RELOGIN_REQUIRED = 3;
    static final int ENDPOINT_FAILED = 4;

    private CredentialFiles() {}

    static Account readOAuth(Path file, CommandLine commandLine) {
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(commandLine, "No such credential file: " + file);
        }
        Account account;
        try {
            String fileName = file.getFileName().toString();
            boolean named = fileName.endsWith(CredentialFileReader.SUFFIX)
                    && fileName.length() > CredentialFileReader.SUFFIX.length();
            // a Claude CLI file (credentials.json, .credentials.json) has no account name of its own
            account = named
                    ? new CredentialFileReader().read(file)
                    : new CredentialFileReader().read(file, ClaudeCliCredentials.DEFAULT_NAME, false);
        } catch (InvalidCredentialFileException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        if (!account.isOAuth()) {
            throw new CommandLine.ParameterException(
                    commandLine, file + " is not an oauth credential (type api_key, no claudeAiOauth)");
        }
        return account;
    }
}

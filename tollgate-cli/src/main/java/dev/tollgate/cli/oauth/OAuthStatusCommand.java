package dev.tollgate.cli.oauth;

import dev.tollgate.credentials.entity.OAuthTokens;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./tollgate oauth-status <file>}: is the token valid, until when, with which scopes. */
@Command(
        name = "oauth-status",
        mixinStandardHelpOptions = true,
        description = "Show an OAuth credential file: validity, expiry, scopes (tokens masked).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:token valid", "1:token expired", "2:file missing or invalid"})
public class OAuthStatusCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The credential file (*.credentials.json).")
    Path file;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        OAuthTokens tokens = CredentialFiles.readOAuth(file, spec.commandLine()).oauth();
        long left = tokens.expiresAt() - System.currentTimeMillis();
        boolean valid = left > 0;
        out.println("File:          " + file);
        out.println("Status:        " + (valid ? "valid" : "EXPIRED"));
        out.println("Expires at:    " + Instant.ofEpochMilli(tokens.expiresAt()) + "  (" + (valid ? "in " : "")
                + human(Duration.ofMillis(Math.abs(left))) + (valid ? "" : " ago") + ")");
        out.println("Scopes:        " + String.join(" ", tokens.scopes()));
        out.println("Max plan:      " + tokens.isMax());
        out.println("Access token:  " + OAuthOptions.masked(tokens.accessToken()));
        out.println("Refresh token: "
                + (tokens.refreshToken() == null
                        ? "MISSING: a new login is needed"
                        : "present (" + OAuthOptions.masked(tokens.refreshToken()) + ")"));
        out.flush();
        return valid ? CredentialFiles.OK : CredentialFiles.EXPIRED;
    }

    static String human(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes >= 60
                ? minutes / 60 + " h " + minutes % 60 + " min"
                : minutes + " min " + duration.toSecondsPart() + " s";
    }
}

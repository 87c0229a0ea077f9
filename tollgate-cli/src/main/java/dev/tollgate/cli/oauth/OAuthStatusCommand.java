package dev.tollgate.cli.oauth;

import dev.tollgate.credentials.control.ClaudeCliCredentials;
import dev.tollgate.credentials.control.CredentialFileReader;
import dev.tollgate.credentials.control.CredentialFileWriter;
import dev.tollgate.credentials.entity.Account;
import dev.tollgate.credentials.entity.CredentialFormat;
import dev.tollgate.credentials.entity.OAuthTokens;
import dev.tollgate.oauth.entity.TokenEndpointException;
import dev.tollgate.oauth.entity.TokenGrant;
import dev.tollgate.oauth.entity.TokenRefusedException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./tollgate oauth-status [file] [--renew]}: what {@code ccproxy auth validate} and
 * {@code ccproxy auth info} show, for a seed OAuth file or a Claude CLI credentials file.
 *
 * <p>It only reads, unless {@code --renew} asks it to renew a token that expired (as {@code auth
 * info} does on its own): a status check must not spend a rotating refresh token behind the back of
 * the server or the Claude CLI that share the file.
 */
@Command(
        name = "oauth-status",
        mixinStandardHelpOptions = true,
        description = {
            "Show an OAuth credential file (seed format or Claude CLI credentials): subscription, account and"
                    + " organisation, expiry and time left, scopes, where it is stored; tokens masked.",
            "Without FILE: the Claude CLI's own credentials (~/.claude/.credentials.json,"
                    + " ~/.claude/credentials.json, ~/.config/claude/credentials.json)."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:token valid (or renewed)",
            "1:token expired",
            "2:file missing or invalid",
            "3:--renew: refresh token refused, log in again",
            "4:--renew: token endpoint failed"
        })
public class OAuthStatusCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "FILE",
            arity = "0..1",
            description = "The credential file (*.credentials.json, or a Claude CLI credentials.json).")
    Path file;

    @Option(
            names = "--renew",
            description = "If the token expired (or expires within a minute), refresh it and write it back first,"
                    + " like ccproxy auth info; also shows the account and organisation the token endpoint names.")
    boolean renew;

    @Mixin
    OAuthOptions options;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Where the Claude CLI's files are looked for without FILE; tests point it elsewhere. */
    Path home = Path.of(System.getProperty("user.home"));

    @Override
    public Integer call() {
        PrintStream out = System.out;
        Path path = file != null ? file : defaultFile();
        Account account = CredentialFiles.readOAuth(path, spec.commandLine());
        CredentialFormat format = new CredentialFileReader().formatOf(path);
        OAuthTokens tokens = account.oauth();
        TokenGrant grant = null;
        String renewal = null;
        if (renew && tokens.expiresWithin(OAuthRefreshCommand.SOON_MILLIS, System.currentTimeMillis())) {
            try {
                grant = options.endpoint().refreshGrant(tokens, account.name());
                new CredentialFileWriter().writeTokens(path, grant.tokens());
                tokens = grant.tokens();
                renewal = "renewed and written back";
            } catch (TokenRefusedException e) {
                System.err.println(path + ": " + e.getMessage() + ". Log in again: claude /login, or"
                        + " ./tollgate oauth-login " + path);
                return CredentialFiles.RELOGIN_REQUIRED;
            } catch (TokenEndpointException | IOException e) {
                System.err.println(path + ": renewing failed: " + e.getMessage());
                return CredentialFiles.ENDPOINT_FAILED;
            }
        }
        long left = tokens.expiresAt() - System.currentTimeMillis();
        boolean valid = left > 0;
        out.println("File:          " + path.toAbsolutePath().normalize());
        out.println("Format:        "
                + (format == CredentialFormat.CLAUDE_CLI
                        ? "Claude CLI credentials (claudeAiOauth)"
                        : "Tollgate credential file (type oauth)"));
        out.println("Storage:       file, mode " + mode(path) + " (Tollgate uses no system keyring)");
        out.println("Subscription:  " + subscription(tokens));
        out.println("Account:       " + owner(grant == null ? null : grant.accountEmail()));
        out.println("Organisation:  "
                + owner(
                        grant == null || grant.organizationName() == null
                                ? grant == null ? null : grant.organizationId()
                                : grant.organizationName()
                                        + (grant.organizationId() == null ? "" : " (" + grant.organizationId() + ")")));
        out.println("Status:        " + (valid ? "valid" : "EXPIRED") + (renewal == null ? "" : " (" + renewal + ")"));
        out.println("Expires at:    " + Instant.ofEpochMilli(tokens.expiresAt()));
        out.println("Time left:     "
                + (valid ? human(Duration.ofMillis(left)) : "none, expired " + human(Duration.ofMillis(-left)) + " ago")
                + (valid || renew ? "" : " (--renew renews it)"));
        out.println("Scopes:        " + (tokens.scopes().isEmpty() ? "(none)" : String.join(" ", tokens.scopes())));
        out.println("Access token:  " + OAuthOptions.masked(tokens.accessToken()));
        out.println("Refresh token: "
                + (tokens.refreshToken() == null
                        ? "MISSING: a new login is needed"
                        : "present (" + OAuthOptions.masked(tokens.refreshToken()) + ")"));
        out.flush();
        return valid ? CredentialFiles.OK : CredentialFiles.EXPIRED;
    }

    private Path defaultFile() {
        Optional<Path> found = ClaudeCliCredentials.discover(home);
        if (found.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "No Claude CLI credentials found (looked at " + ClaudeCliCredentials.wellKnownFiles(home)
                            + "); run claude /login, or name a credential file");
        }
        return found.get();
    }

    /** The Claude CLI's subscriptionType; a seed file only says whether it is a Max plan. */
    static String subscription(OAuthTokens tokens) {
        if (tokens.subscriptionType() != null) {
            return tokens.subscriptionType();
        }
        return tokens.isMax() ? "max (isMax)" : "unknown (the file does not say; isMax false)";
    }

    private static String owner(String named) {
        return named != null
                ? named
                : "unknown (only the token endpoint's answer names it: --renew when the token expired,"
                        + " or ./tollgate oauth-refresh --force)";
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    static String human(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes >= 60
                ? minutes / 60 + " h " + minutes % 60 + " min"
                : minutes + " min " + duration.toSecondsPart() + " s";
    }
}

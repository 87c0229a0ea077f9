package dev.tollgate.cli.oauth;

import dev.tollgate.credentials.control.CredentialFileWriter;
import dev.tollgate.credentials.entity.Account;
import dev.tollgate.credentials.entity.OAuthTokens;
import dev.tollgate.oauth.entity.TokenEndpointException;
import dev.tollgate.oauth.entity.TokenGrant;
import dev.tollgate.oauth.entity.TokenRefusedException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./tollgate oauth-refresh <file> [--force]}: refresh when expiring within a minute, or always. */
@Command(
        name = "oauth-refresh",
        mixinStandardHelpOptions = true,
        description = "Refresh an OAuth credential file if its token expires within a minute (or always, --force).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:refreshed, or still valid",
            "2:file missing or invalid",
            "3:refresh token refused: log in again",
            "4:token endpoint failed"
        })
public class OAuthRefreshCommand implements Callable<Integer> {

    static final long SOON_MILLIS = 60_000;

    @Parameters(
            paramLabel = "FILE",
            description = "The credential file (*.credentials.json, or a Claude CLI credentials.json).")
    Path file;

    @Option(names = "--force", description = "Refresh even if the token is still valid.")
    boolean force;

    @Mixin
    OAuthOptions options;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Account account = CredentialFiles.readOAuth(file, spec.commandLine());
        if (!force && !account.oauth().expiresWithin(SOON_MILLIS, System.currentTimeMillis())) {
            System.out.println(file + ": still valid until "
                    + Instant.ofEpochMilli(account.oauth().expiresAt()) + "; nothing to do (--force refreshes anyway)");
            return CredentialFiles.OK;
        }
        return refresh(account, options);
    }

    /** Refreshes and writes back one account; prints the outcome and returns the exit code. */
    static int refresh(Account account, OAuthOptions options) {
        try {
            TokenGrant grant = options.endpoint().refreshGrant(account.oauth(), account.name());
            OAuthTokens tokens = grant.tokens();
            new CredentialFileWriter().writeTokens(account.source(), tokens);
            System.out.println(account.source() + ": refreshed; valid until "
                    + Instant.ofEpochMilli(tokens.expiresAt())
                    + (grant.accountEmail() == null ? "" : "; account " + grant.accountEmail())
                    + (grant.organizationName() == null ? "" : ", organisation " + grant.organizationName()));
            return CredentialFiles.OK;
        } catch (TokenRefusedException e) {
            System.err.println(account.source() + ": " + e.getMessage() + ". Log in again: ./tollgate oauth-login "
                    + account.source());
            return CredentialFiles.RELOGIN_REQUIRED;
        } catch (TokenEndpointException | IOException e) {
            System.err.println(account.source() + ": refresh failed: " + e.getMessage());
            return CredentialFiles.ENDPOINT_FAILED;
        }
    }
}

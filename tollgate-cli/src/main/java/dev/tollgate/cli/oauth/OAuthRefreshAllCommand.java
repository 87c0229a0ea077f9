package dev.tollgate.cli.oauth;

import dev.tollgate.credentials.control.CredentialFileReader;
import dev.tollgate.credentials.control.InvalidCredentialFileException;
import dev.tollgate.credentials.entity.Account;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./tollgate oauth-refresh-all [dir] [--dry-run]}: every OAuth file that expires within the hour. */
@Command(
        name = "oauth-refresh-all",
        mixinStandardHelpOptions = true,
        description = "Refresh every OAuth credential in a directory (and its accounts/) that expires within an hour.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:all refreshed or valid", "2:directory missing", "3:some need a new login", "4:some failed"})
public class OAuthRefreshAllCommand implements Callable<Integer> {

    static final long WITHIN_MILLIS = 3_600_000;

    @Parameters(
            paramLabel = "DIR",
            arity = "0..1",
            defaultValue = "${env:CREDENTIALS_DIR:-credentials}",
            description = "The credentials directory (default ${DEFAULT-VALUE}).")
    Path directory;

    @Option(names = "--dry-run", description = "Only list what would be refreshed.")
    boolean dryRun;

    @Mixin
    OAuthOptions options;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(directory)) {
            System.err.println("No such directory: " + directory);
            return 2;
        }
        int worst = CredentialFiles.OK;
        for (Path file : credentialFiles()) {
            Account account;
            try {
                account = new CredentialFileReader().read(file);
            } catch (InvalidCredentialFileException e) {
                System.err.println(e.getMessage());
                continue;
            }
            if (!account.isOAuth()) {
                continue;
            }
            if (!account.oauth().expiresWithin(WITHIN_MILLIS, System.currentTimeMillis())) {
                System.out.println(file + ": valid until "
                        + Instant.ofEpochMilli(account.oauth().expiresAt()) + ", skipped");
            } else if (dryRun) {
                System.out.println(file + ": expires "
                        + Instant.ofEpochMilli(account.oauth().expiresAt()) + ", would be refreshed (dry run)");
            } else {
                worst = Math.max(worst, OAuthRefreshCommand.refresh(account, options));
            }
        }
        return worst;
    }

    private List<Path> credentialFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(directory, directory.resolve("accounts"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> listing = Files.list(dir)) {
                    listing.filter(path -> path.getFileName().toString().endsWith(CredentialFileReader.SUFFIX))
                            .sorted()
                            .forEach(files::add);
                }
            }
        }
        return files;
    }
}

package dev.tollgate.credentials.boundary;

import dev.tollgate.credentials.control.CredentialFileReader;
import dev.tollgate.credentials.control.InvalidCredentialFileException;
import dev.tollgate.credentials.entity.Account;
import dev.tollgate.credentials.entity.CredentialType;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The accounts of {@code CREDENTIALS_DIR}, held in memory so that no request reads a file.
 *
 * <p>The directory is rescanned every few seconds and the snapshot replaced when a file changed; a
 * broken file is reported once and skipped, never taking the other accounts down with it.
 */
@Singleton
@Startup
// readers only ever see a complete, immutable snapshot: no container lock on the request path
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AccountRegistry {

    private static final Logger LOG = Logger.getLogger(AccountRegistry.class.getName());

    @Inject
    @ConfigProperty(name = "CREDENTIALS_DIR", defaultValue = "./credentials")
    String credentialsDirectory;

    private final CredentialFileReader reader = new CredentialFileReader();
    private volatile Snapshot snapshot = new Snapshot("", List.of());

    record Snapshot(String fingerprint, List<Account> accounts) {}

    @PostConstruct
    void load() {
        rescan();
        if (snapshot.accounts().isEmpty()) {
            LOG.warning(() -> "No usable Claude account in " + directory().toAbsolutePath()
                    + ": requests will fail until an api_key credential file is added there"
                    + " (see credentials/README.md)");
        }
    }

    // Every 5 s: cheap (one directory listing) and quick enough for an operator who edits a file.
    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    void rescanOnSchedule() {
        rescan();
    }

    /** The account requests use when nothing selects another one: the first usable file by name. */
    public Optional<Account> defaultAccount() {
        return snapshot.accounts().stream()
                .filter(account -> account.type() == CredentialType.API_KEY)
                .findFirst();
    }

    public List<Account> accounts() {
        return snapshot.accounts();
    }

    public Path directory() {
        return Path.of(credentialsDirectory);
    }

    void rescan() {
        List<Path> files = credentialFiles();
        String fingerprint = fingerprint(files);
        if (fingerprint.equals(snapshot.fingerprint())) {
            return;
        }
        List<Account> accounts = new ArrayList<>();
        for (Path file : files) {
            try {
                accounts.add(reader.read(file));
            } catch (InvalidCredentialFileException e) {
                LOG.warning(e.getMessage());
            }
        }
        snapshot = new Snapshot(fingerprint, List.copyOf(accounts));
        LOG.info(() -> "Loaded " + accounts.size() + " Claude account(s) from "
                + directory().toAbsolutePath());
    }

    private List<Path> credentialFiles() {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(directory(), directory().resolve("accounts"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> listing = Files.list(dir)) {
                listing.filter(path -> path.getFileName().toString().endsWith(CredentialFileReader.SUFFIX))
                        .filter(Files::isRegularFile)
                        .sorted(Comparator.comparing(path -> path.getFileName().toString()))
                        .forEach(files::add);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot list credential directory " + dir, e);
            }
        }
        return files;
    }

    private static String fingerprint(List<Path> files) {
        StringBuilder fingerprint = new StringBuilder();
        for (Path file : files) {
            try {
                fingerprint
                        .append(file)
                        .append(':')
                        .append(Files.getLastModifiedTime(file).toMillis())
                        .append(':')
                        .append(Files.size(file))
                        .append(';');
            } catch (IOException e) {
                fingerprint.append(file).append(":gone;");
            }
        }
        return fingerprint.toString();
    }
}

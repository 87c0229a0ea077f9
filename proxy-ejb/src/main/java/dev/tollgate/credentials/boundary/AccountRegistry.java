package dev.tollgate.credentials.boundary;

import dev.tollgate.credentials.control.ClaudeCliCredentials;
import dev.tollgate.credentials.control.CredentialFileReader;
import dev.tollgate.credentials.control.InvalidCredentialFileException;
import dev.tollgate.credentials.entity.Account;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The accounts of {@code CREDENTIALS_DIR} and of the Claude CLI credentials files
 * {@code CLAUDE_CLI_CREDENTIALS} names, held in memory so that no request reads a file.
 *
 * <p>The directory and those files are rescanned every second ({@link CredentialRescan}) and the
 * snapshot replaced when a file changed; a broken file is reported once and skipped, never taking
 * the other accounts down with it. A plain CDI bean, not an EJB: every request reads it, and readers
 * only ever see a complete, immutable snapshot, so it needs neither the container's locks nor its
 * transactions (ADR 0011).
 */
@ApplicationScoped
public class AccountRegistry {

    private static final Logger LOG = Logger.getLogger(AccountRegistry.class.getName());

    @Inject
    @ConfigProperty(name = "CREDENTIALS_DIR", defaultValue = "./credentials")
    String credentialsDirectory;

    @Inject
    @ConfigProperty(name = "CLAUDE_CLI_CREDENTIALS")
    Optional<String> claudeCliCredentials;

    /** Where {@code ~} and {@code auto} look: the home of the user Tollgate runs as. */
    String home = System.getProperty("user.home");

    private final CredentialFileReader reader = new CredentialFileReader();
    private List<ClaudeCliCredentials.Source> claudeCliSources = List.of();
    private volatile Snapshot snapshot = new Snapshot("", List.of());
    private final Set<ClaudeCliCredentials.Source> missingReported = new HashSet<>();

    record Snapshot(String fingerprint, List<Account> accounts) {}

    @PostConstruct
    void load() {
        try {
            claudeCliSources = ClaudeCliCredentials.parse(claudeCliCredentials.orElse(""), home());
        } catch (IllegalArgumentException e) {
            // the directory's accounts still serve; the message names the wrong entry
            LOG.severe(e.getMessage() + "; no Claude CLI credentials are used until it is fixed");
        }
        rescan();
        if (snapshot.accounts().isEmpty()) {
            LOG.warning(() -> "No usable Claude account in " + directory().toAbsolutePath()
                    + ": requests will fail until a credential file is added there"
                    + " (see credentials/README.md)");
        }
    }

    /**
     * The domain credential file a request's host selects (Claude Nexus Proxy's domain mode): a file
     * directly in the credentials directory named {@code <host>.credentials.json}.
     *
     * @param domain an already validated host name without port, or null
     */
    public Optional<Account> domainAccount(String domain) {
        if (domain == null) {
            return Optional.empty();
        }
        return snapshot.accounts().stream()
                .filter(account -> account.flat() && account.name().equalsIgnoreCase(domain))
                .findFirst();
    }

    /** The account of that name (file name without {@code .credentials.json}), if there is one. */
    public Optional<Account> accountNamed(String name) {
        return snapshot.accounts().stream()
                .filter(account -> account.name().equals(name))
                .findFirst();
    }

    public List<Account> accounts() {
        return snapshot.accounts();
    }

    public Path directory() {
        return Path.of(credentialsDirectory);
    }

    /**
     * Reads the directory and the Claude CLI files again and replaces the snapshot if a file was
     * added, removed or changed.
     */
    public synchronized void rescan() {
        List<Path> files = credentialFiles();
        Map<String, Path> claudeCliFiles = claudeCliFiles();
        List<Path> watched = new ArrayList<>(files);
        watched.addAll(claudeCliFiles.values());
        String fingerprint = fingerprint(watched) + claudeCliFiles.keySet();
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
        for (Map.Entry<String, Path> claudeCli : claudeCliFiles.entrySet()) {
            String name = claudeCli.getKey();
            if (accounts.stream().anyMatch(account -> account.name().equals(name))) {
                LOG.warning("Claude CLI credentials " + claudeCli.getValue() + " are not used: a credential file"
                        + " already has the account name '" + name + "' (name them in CLAUDE_CLI_CREDENTIALS:"
                        + " other-name=path)");
                continue;
            }
            try {
                // like an accounts/ file: it serves train and pinned requests, never a domain
                Account account = reader.read(claudeCli.getValue(), name, false);
                if (!account.isOAuth()) {
                    LOG.warning("Claude CLI credentials " + claudeCli.getValue() + " hold no claudeAiOauth tokens");
                    continue;
                }
                accounts.add(account);
            } catch (InvalidCredentialFileException e) {
                LOG.warning(e.getMessage());
            }
        }
        snapshot = new Snapshot(fingerprint, List.copyOf(accounts));
        long fromClaudeCli = accounts.stream()
                .filter(account -> claudeCliFiles.containsKey(account.name())
                        && claudeCliFiles.get(account.name()).equals(account.source()))
                .count();
        LOG.info(() -> "Loaded " + accounts.size() + " Claude account(s) from "
                + directory().toAbsolutePath()
                + (claudeCliSources.isEmpty() ? "" : ", " + fromClaudeCli + " of them Claude CLI credentials"));
    }

    /**
     * The Claude CLI files to read now, by account name; a configured file that does not exist (yet)
     * is left out and reported once, when the snapshot changes.
     */
    private Map<String, Path> claudeCliFiles() {
        Map<String, Path> files = new LinkedHashMap<>();
        for (ClaudeCliCredentials.Source source : claudeCliSources) {
            Optional<Path> file = source.resolve(home()).filter(Files::isRegularFile);
            if (file.isPresent()) {
                files.put(source.name(), file.get());
            } else if (missingReported.add(source)) {
                LOG.warning(() -> "Claude CLI credentials for account " + source.name() + " not found ("
                        + (source.file() == null
                                ? "looked at " + ClaudeCliCredentials.wellKnownFiles(home())
                                : source.file().toString())
                        + "); used as soon as the file appears (claude /login writes it)");
            }
        }
        missingReported.removeIf(source -> files.containsKey(source.name()));
        return files;
    }

    private Path home() {
        return Path.of(home);
    }

    private List<Path> credentialFiles() {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(directory(), directory().resolve(CredentialFileReader.ACCOUNTS_DIRECTORY))) {
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

    /** Names, sizes and modification times: changes when any file is added, removed or edited. */
    public static String fingerprint(List<Path> files) {
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

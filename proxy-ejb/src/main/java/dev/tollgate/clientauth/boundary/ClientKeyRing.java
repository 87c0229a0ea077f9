package dev.tollgate.clientauth.boundary;

import dev.tollgate.clientauth.control.ClientKeyMatcher;
import dev.tollgate.clientauth.control.TrainKeyFileReader;
import dev.tollgate.clientauth.entity.AuthOutcome;
import dev.tollgate.clientauth.entity.ClientKey;
import dev.tollgate.clientauth.entity.KeyScope;
import dev.tollgate.credentials.boundary.AccountRegistry;
import dev.tollgate.credentials.control.InvalidCredentialFileException;
import dev.tollgate.credentials.control.KeyDigests;
import dev.tollgate.credentials.entity.Account;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every client key Tollgate accepts, as digests in memory, rebuilt off the request path whenever a
 * source changes: key files and credential files are rescanned and issued keys re-read every
 * second ({@link ClientKeyRefresh}), so a key added, rotated or revoked takes effect within about a
 * second, without restart. A plain CDI bean: {@link #authenticate} runs on every request thread
 * against an immutable snapshot and needs nothing of the EJB container (ADR 0011).
 */
@ApplicationScoped
public class ClientKeyRing {

    private static final Logger LOG = Logger.getLogger(ClientKeyRing.class.getName());

    @Inject
    @ConfigProperty(name = "ENABLE_CLIENT_AUTH", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "SECURITY__AUTH_TOKEN")
    Optional<String> sharedToken;

    @Inject
    AccountRegistry accounts;

    @EJB
    IssuedKeyQuery issuedKeys;

    private final TrainKeyFileReader trainKeyFiles = new TrainKeyFileReader();
    private final Map<String, LongAdder> failuresByTrain = new ConcurrentHashMap<>();
    private volatile List<ClientKey> keys = List.of();
    private volatile String fileFingerprint = "";
    private List<ClientKey> fileKeys = List.of();
    private List<ClientKey> databaseKeys = List.of();
    private boolean databaseFailureLogged;

    @PostConstruct
    void start() {
        if (!enabled) {
            LOG.warning("ENABLE_CLIENT_AUTH=false: CLIENT AUTHENTICATION IS OFF. Anyone who can reach Tollgate uses"
                    + " its Claude accounts. Only for trusted, internal networks.");
        }
        refresh();
        LOG.info(() -> "Client authentication " + (enabled ? "on" : "OFF") + ": " + keys.size() + " key(s) accepted");
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * @param presentedKey the key from {@code x-api-key} or the Bearer token, or null
     * @param domainAccount the domain credential file the request's host selects, or null
     */
    public AuthOutcome authenticate(String presentedKey, String trainId, String domainAccount) {
        AuthOutcome outcome = ClientKeyMatcher.match(keys, presentedKey, trainId, domainAccount);
        if (!outcome.isAccepted()) {
            // train ids come from the (unauthenticated) client: beyond a bound they share one counter
            String counted = failuresByTrain.containsKey(trainId) || failuresByTrain.size() < MAX_COUNTED_TRAINS
                    ? trainId
                    : OTHER_TRAINS;
            failuresByTrain.computeIfAbsent(counted, train -> new LongAdder()).increment();
        }
        return outcome;
    }

    static final int MAX_COUNTED_TRAINS = 1000;
    static final String OTHER_TRAINS = "(other trains)";

    /** Authentication failures per train since start, for the dashboard and metrics. */
    public Map<String, Long> failuresByTrain() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        failuresByTrain.forEach((train, count) -> counts.put(train, count.sum()));
        return counts;
    }

    public int keyCount() {
        return keys.size();
    }

    /** Rebuilds the ring from the key files, the issued keys and the credential files. */
    public synchronized void refresh() {
        reloadKeyFilesIfChanged();
        reloadIssuedKeys();
        List<ClientKey> all = new ArrayList<>(fileKeys);
        all.addAll(databaseKeys);
        sharedToken
                .filter(token -> !token.isBlank())
                .ifPresent(token -> all.add(
                        new ClientKey(KeyDigests.sha256(token.trim()), KeyScope.everywhere("SECURITY__AUTH_TOKEN"))));
        for (Account account : accounts.accounts()) {
            if (account.clientKeyDigest() != null) {
                all.add(new ClientKey(
                        account.clientKeyDigest(),
                        KeyScope.credentialFile(account.source().getFileName().toString(), account.name())));
            }
        }
        keys = List.copyOf(all);
    }

    private void reloadKeyFilesIfChanged() {
        Path directory = accounts.directory().resolve(TrainKeyFileReader.DIRECTORY);
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> listing = Files.list(directory)) {
                listing.filter(path -> path.getFileName().toString().endsWith(TrainKeyFileReader.SUFFIX))
                        .filter(Files::isRegularFile)
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot list " + directory, e);
                return;
            }
        }
        String fingerprint = AccountRegistry.fingerprint(files);
        if (fingerprint.equals(fileFingerprint)) {
            return;
        }
        List<ClientKey> loaded = new ArrayList<>();
        for (Path file : files) {
            try {
                loaded.addAll(trainKeyFiles.read(file));
            } catch (InvalidCredentialFileException e) {
                LOG.warning(e.getMessage());
            }
        }
        fileKeys = List.copyOf(loaded);
        fileFingerprint = fingerprint;
        LOG.info(() -> "Loaded " + loaded.size() + " client key(s) from " + files.size() + " file(s) in " + directory);
    }

    private void reloadIssuedKeys() {
        try {
            databaseKeys = issuedKeys.activeKeys();
            databaseFailureLogged = false;
        } catch (RuntimeException e) {
            // keep the keys last read: a database outage must not lock every client out
            if (!databaseFailureLogged) {
                LOG.log(
                        Level.WARNING,
                        "Cannot read issued client keys; keeping the " + databaseKeys.size()
                                + " known ones until the database answers",
                        e);
                databaseFailureLogged = true;
            }
        }
    }
}

package dev.tollgate.quotas.boundary;

import dev.tollgate.journal.entity.CompletedRequest;
import dev.tollgate.quotas.control.QuotaFileReader;
import dev.tollgate.quotas.control.QuotaLedger;
import dev.tollgate.quotas.entity.InvalidQuotaFileException;
import dev.tollgate.quotas.entity.Measure;
import dev.tollgate.quotas.entity.QuotaExceededException;
import dev.tollgate.quotas.entity.QuotaExhausted;
import dev.tollgate.quotas.entity.QuotaPolicy;
import dev.tollgate.quotas.entity.UsageBucket;
import dev.tollgate.quotas.entity.Window;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Enforces the quotas of {@code tollgate.quotas.file} on the request path from memory: the limits
 * are a snapshot reloaded off the request path when the file changes, the counts are in
 * {@link QuotaLedger}. At start-up the counts are seeded from the journal, so that a restart
 * neither forgets what was used nor lets a refused client straight back in.
 *
 * <p>A file that cannot be used is logged with what is wrong where: at start-up it stops the
 * deployment (like a broken price file), later the limits last loaded stay in force until the file
 * is fixed. Quotas are never dropped silently.
 *
 * <p>A plain CDI bean: admit() runs on every request thread and completed() on the journal's
 * writer, the ledger is thread-safe, and nothing here touches the database except the seed query,
 * an EJB with a transaction of its own. {@link QuotaTimers} holds the timers (ADR 0011).
 */
@ApplicationScoped
public class Quotas {

    private static final Logger LOG = Logger.getLogger(Quotas.class.getName());

    /** Before the window a request may have started and still count its tokens in it (seed only). */
    static final Duration LONGEST_REQUEST = Window.longest();

    @Inject
    @ConfigProperty(name = "tollgate.quotas.file")
    Optional<String> quotaFile;

    @Inject
    @ConfigProperty(name = "tollgate.quotas.bucket-seconds", defaultValue = "10")
    int bucketSeconds;

    @EJB
    QuotaSeedQuery journal;

    @Inject
    Event<QuotaExhausted> exhaustions;

    private final QuotaFileReader reader = new QuotaFileReader();
    private QuotaLedger ledger;
    private long startedAtMillis;
    private volatile boolean seeded;
    private boolean seedFailureLogged;
    /** The file as last read (null: not there), so that it is parsed only when its content changed. */
    private byte[] fileContent;

    @PostConstruct
    void start() {
        startedAtMillis = System.currentTimeMillis();
        try {
            ledger = new QuotaLedger(bucketSeconds * 1000L);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "tollgate.quotas.bucket-seconds=" + bucketSeconds + ": " + e.getMessage() + " (e.g. 10)", e);
        }
        Optional<Path> file = file();
        if (file.isPresent()) {
            // a broken file at start-up stops the deployment: running without the limits ops asked
            // for would be the silent drop this component must never do
            fileContent = reader.load(file.get());
            QuotaPolicy policy = reader.parse(file.get(), fileContent);
            ledger.apply(policy);
            LOG.info(() -> "Quotas from " + file.get().toAbsolutePath() + ": " + policy.summary());
        } else {
            LOG.info("No quota file (tollgate.quotas.file): no quotas");
        }
        seed();
    }

    /** Applies a changed quota file, and retries the seed while the database was not there at start-up. */
    public void poll() {
        reloadIfChanged();
        if (!seeded) {
            seed();
        }
    }

    /** Drops the counters of trains and keys idle for five hours. */
    public void forgetIdle() {
        ledger.forgetIdle(System.currentTimeMillis());
    }

    /**
     * Counts the request against its train and client key, or refuses it.
     *
     * @param keyHash the salted hash of the client's key ({@code api_requests.api_key_hash}), or null
     * @throws QuotaExceededException when a limit is reached; a {@link QuotaExhausted} event has been
     *     fired
     */
    public void admit(String trainId, String keyHash, String requestId, OffsetDateTime receivedAt) {
        try {
            ledger.admit(
                    trainId, keyHash, requestId, receivedAt.toInstant().toEpochMilli(), System.currentTimeMillis());
        } catch (QuotaExceededException refused) {
            exhaustions.fire(refused.exhausted());
            throw refused;
        }
    }

    /** Tokens of every request, and requests Tollgate refused after admitting them, as the journal has them. */
    public void completed(@Observes CompletedRequest request) {
        ledger.completed(request);
    }

    /** The limits in force (for diagnostics and the dashboard). */
    public QuotaPolicy policy() {
        return ledger.policy();
    }

    /** What a train has used in a window, as the quotas count it (diagnostics, the dashboard). */
    public long trainUsage(String trainId, Measure measure, Window window) {
        return ledger.trainTotal(trainId, measure, window, System.currentTimeMillis());
    }

    /** What a client key (by its salted hash) has used in a window, as the quotas count it. */
    public long clientKeyUsage(String keyHash, Measure measure, Window window) {
        return ledger.keyTotal(keyHash, measure, window, System.currentTimeMillis());
    }

    QuotaLedger ledger() {
        return ledger;
    }

    /** Whether the counts include what the journal held at start-up. */
    public boolean seeded() {
        return seeded;
    }

    synchronized void reloadIfChanged() {
        Optional<Path> file = file();
        if (file.isEmpty()) {
            return;
        }
        byte[] content;
        try {
            content = Files.exists(file.get()) ? reader.load(file.get()) : null;
        } catch (InvalidQuotaFileException e) {
            if (fileContent != null) {
                LOG.severe(e.getMessage() + ". The limits last loaded ("
                        + ledger.policy().summary() + ") stay in force until the file can be read");
                fileContent = null;
            }
            return;
        }
        if (Arrays.equals(content, fileContent)) {
            return;
        }
        // remembered whatever the outcome: a broken file is reported once, not every second
        fileContent = content;
        if (content == null) {
            LOG.severe(() -> "Quota file " + file.get().toAbsolutePath() + " is gone; the limits last loaded ("
                    + ledger.policy().summary() + ") stay in force. To remove every quota, write {} into it,"
                    + " or unset tollgate.quotas.file and restart");
            return;
        }
        try {
            QuotaPolicy policy = reader.parse(file.get(), content);
            ledger.apply(policy);
            LOG.info(() -> "Quotas reloaded from " + file.get().toAbsolutePath() + ": " + policy.summary());
        } catch (InvalidQuotaFileException e) {
            LOG.severe(e.getMessage() + ". The limits last loaded ("
                    + ledger.policy().summary() + ") stay in force until the file is fixed");
        }
    }

    private synchronized void seed() {
        long from = startedAtMillis - Window.longest().toMillis();
        List<UsageBucket> usage;
        try {
            usage = journal.usage(bucketSeconds * 1000L, from, startedAtMillis, LONGEST_REQUEST.toMillis());
        } catch (RuntimeException e) {
            if (!seedFailureLogged) {
                LOG.log(
                        Level.WARNING,
                        "Cannot read the journal to seed the quota counts; counting from zero and retrying every"
                                + " second until the database answers",
                        e);
                seedFailureLogged = true;
            }
            return;
        }
        long requests = 0;
        long tokens = 0;
        for (UsageBucket bucket : usage) {
            ledger.seed(bucket.trainId(), bucket.keyHash(), bucket.bucket(), bucket.requests(), bucket.tokens());
            requests += bucket.requests();
            tokens += bucket.tokens();
        }
        seeded = true;
        long seededRequests = requests;
        long seededTokens = tokens;
        LOG.info(() -> "Quota counts seeded from the journal: " + seededRequests + " request(s) and " + seededTokens
                + " token(s) of the last " + Window.longest().toHours() + " hours");
    }

    private Optional<Path> file() {
        return quotaFile.filter(name -> !name.isBlank()).map(Path::of);
    }
}

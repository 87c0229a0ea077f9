package dev.tollgate.quotas.boundary;

import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import dev.tollgate.cluster.boundary.DataGrid;
import dev.tollgate.quotas.control.QuotaLedger;
import dev.tollgate.quotas.control.UsageDeltas;
import dev.tollgate.quotas.entity.UsageBucket;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes a quota hold for the sum of all instances on a data grid (ADR 0013). Every instance keeps
 * counting in its own ledger, so admission stays a read of local memory; what it counted is summed
 * per train, key and bucket and published on a grid topic every {@code tollgate.quotas.share-interval-ms},
 * and what its peers publish is added to its ledger. A peer's count is thus seen at most one interval
 * (plus the grid's hop) late: that is the overshoot, at most what the other instances admit within
 * one interval for the same train or key. After a restart the journal seed (shared PostgreSQL) holds
 * what every instance counted before.
 *
 * <p>Messages are flat {@code String} arrays (JDK types only, see {@link DataGrid}): the sender's
 * bucket length, then per entry train id, key hash ({@code ""} for none), bucket, requests, tokens.
 */
@ApplicationScoped
public class QuotaSharing {

    private static final Logger LOG = Logger.getLogger(QuotaSharing.class.getName());
    static final String TOPIC = "tollgate-quota-usage";
    private static final int FIELDS = 5;

    @Inject
    @ConfigProperty(name = "tollgate.quotas.share-interval-ms", defaultValue = "100")
    long intervalMillis;

    @Inject
    DataGrid dataGrid;

    @Inject
    Quotas quotas;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final UsageDeltas deltas = new UsageDeltas();
    private Optional<ITopic<String[]>> topic = Optional.empty();
    private QuotaLedger ledger;
    private ScheduledFuture<?> publishing;

    /** Joins the peers' counting when clustered; does nothing for an instance alone. */
    void start() {
        topic = dataGrid.sharedTopic(TOPIC);
        if (topic.isEmpty()) {
            return;
        }
        if (intervalMillis < 10) {
            throw new IllegalArgumentException(
                    "tollgate.quotas.share-interval-ms=" + intervalMillis + ": at least 10 (e.g. 100)");
        }
        ledger = quotas.ledger();
        topic.get().addMessageListener(this::heard);
        ledger.shareWith(deltas);
        publishing =
                scheduler.scheduleAtFixedRate(this::publish, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        LOG.info(() -> "Quota counts shared with the data grid's other instances every " + intervalMillis + " ms");
    }

    @PreDestroy
    void stop() {
        if (publishing != null) {
            publishing.cancel(false);
            publish(); // what was counted since the last interval still reaches the peers
        }
    }

    void publish() {
        List<UsageBucket> usage = deltas.drain();
        if (usage.isEmpty() || topic.isEmpty()) {
            return;
        }
        String[] message = new String[1 + usage.size() * FIELDS];
        message[0] = Long.toString(ledger.bucketMillis());
        int at = 1;
        for (UsageBucket bucket : usage) {
            message[at++] = bucket.trainId();
            message[at++] = bucket.keyHash() == null ? "" : bucket.keyHash();
            message[at++] = Long.toString(bucket.bucket());
            message[at++] = Long.toString(bucket.requests());
            message[at++] = Long.toString(bucket.tokens());
        }
        try {
            topic.get().publish(message);
        } catch (RuntimeException e) {
            // the grid is going down or a peer is unreachable: each instance still enforces its own count
            LOG.log(Level.WARNING, "Cannot share " + usage.size() + " quota count(s) with the data grid", e);
        }
    }

    private void heard(Message<String[]> message) {
        if (message.getPublishingMember() != null
                && message.getPublishingMember().localMember()) {
            return; // counted already
        }
        try {
            apply(message.getMessageObject());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Ignoring a malformed quota message from " + message.getPublishingMember(), e);
        }
    }

    void apply(String[] message) {
        long senderBucketMillis = Long.parseLong(message[0]);
        long bucketMillis = ledger.bucketMillis();
        for (int at = 1; at + FIELDS <= message.length; at += FIELDS) {
            long bucket = Long.parseLong(message[at + 2]);
            if (senderBucketMillis != bucketMillis) {
                // tollgate.quotas.bucket-seconds differs between instances: count at the same instant
                bucket = Math.floorDiv(bucket * senderBucketMillis, bucketMillis);
            }
            ledger.seed(
                    message[at],
                    message[at + 1].isEmpty() ? null : message[at + 1],
                    bucket,
                    Long.parseLong(message[at + 3]),
                    Long.parseLong(message[at + 4]));
        }
    }
}

package dev.tollgate.alerts.boundary;

import dev.tollgate.alerts.control.AlertRateLimiter;
import dev.tollgate.alerts.control.SlackMessages;
import dev.tollgate.alerts.control.WebhookClient;
import dev.tollgate.alerts.entity.Alert;
import dev.tollgate.alerts.entity.AlertDeliveryException;
import dev.tollgate.credentials.boundary.AccountRegistry;
import dev.tollgate.credentials.entity.Account;
import dev.tollgate.credentials.entity.SlackWebhook;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where every alert goes: rate-limited per kind and subject, logged, and posted to its webhook on a
 * managed executor, never on the thread that raised it (the journal writer, a request, a refresh).
 *
 * <p>An account's alerts (and a domain's) go to the {@code slack} webhook of its credential file
 * when that has one enabled, everything else to {@code SLACK_WEBHOOK_URL}; with no webhook the log
 * line is all there is. A webhook that fails is tried {@code tollgate.alerts.webhook-attempts} times
 * and the alert then given up, logged with the webhook masked.
 */
@Singleton
@Startup
@DependsOn("CredentialRescan")
// raise() is called from the journal writer and request threads: no container lock
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AlertDispatcher {

    private static final Logger LOG = Logger.getLogger(AlertDispatcher.class.getName());

    /** Messages waiting for the sender; with rate limiting there are only ever a few. */
    static final int OUTBOX_CAPACITY = 1_000;

    @Inject
    @ConfigProperty(name = "SLACK_WEBHOOK_URL")
    Optional<String> globalWebhookUrl;

    @Inject
    @ConfigProperty(name = "SLACK_CHANNEL")
    Optional<String> globalChannel;

    @Inject
    @ConfigProperty(name = "SLACK_USERNAME")
    Optional<String> globalUsername;

    @Inject
    @ConfigProperty(name = "SLACK_ICON_EMOJI")
    Optional<String> globalIconEmoji;

    @Inject
    @ConfigProperty(name = "tollgate.alerts.min-interval-seconds", defaultValue = "300")
    long minIntervalSeconds;

    @Inject
    @ConfigProperty(name = "tollgate.alerts.webhook-connect-timeout-seconds", defaultValue = "5")
    long connectTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "tollgate.alerts.webhook-timeout-seconds", defaultValue = "10")
    long timeoutSeconds;

    @Inject
    @ConfigProperty(name = "tollgate.alerts.webhook-attempts", defaultValue = "2")
    int attempts;

    @Inject
    AccountRegistry accounts;

    /** The server's default managed executor; typed as a plain Executor so that unit tests can send inline. */
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    Executor executor;

    private record Delivery(SlackWebhook webhook, String payload, String title) {}

    private final BlockingQueue<Delivery> outbox = new ArrayBlockingQueue<>(OUTBOX_CAPACITY);
    private final AtomicBoolean sending = new AtomicBoolean();
    private AlertRateLimiter limiter;
    private WebhookClient client;
    private SlackWebhook global;

    @PostConstruct
    void start() {
        if (minIntervalSeconds < 0) {
            LOG.severe(
                    "tollgate.alerts.min-interval-seconds cannot be negative (" + minIntervalSeconds + "); using 300");
            minIntervalSeconds = 300;
        }
        limiter = new AlertRateLimiter(TimeUnit.SECONDS.toMillis(minIntervalSeconds));
        client = new WebhookClient(Duration.ofSeconds(connectTimeoutSeconds), Duration.ofSeconds(timeoutSeconds));
        global = globalWebhookUrl
                .filter(url -> !url.isBlank())
                .map(this::globalWebhook)
                .orElse(null);
        LOG.info(
                global == null
                        ? "Alerts: no SLACK_WEBHOOK_URL, alerts are logged (and sent to the slack webhooks of credential"
                                + " files that have one)"
                        : "Alerts go to " + global.maskedUrl()
                                + " (and to the slack webhooks of credential files that have"
                                + " one), at most one per kind and subject every " + minIntervalSeconds + " s");
    }

    private SlackWebhook globalWebhook(String url) {
        try {
            return SlackWebhook.of(
                    url, globalChannel.orElse(null), globalUsername.orElse(null), globalIconEmoji.orElse(null), true);
        } catch (IllegalArgumentException e) {
            LOG.severe("SLACK_WEBHOOK_URL is ignored: " + e.getMessage()
                    + "; alerts without a webhook of their account are only logged");
            return null;
        }
    }

    /**
     * Logs and sends the alert unless one of its kind and subject went out within the interval; in
     * that case it is only counted, for the next message. Never waits for a webhook.
     */
    public void raise(Alert alert) {
        Instant now = Instant.now();
        Optional<AlertRateLimiter.Pass> pass = limiter.admit(alert.rateLimitKey(), now.toEpochMilli());
        if (pass.isEmpty()) {
            return;
        }
        String text = SlackMessages.text(alert, pass.get(), now);
        Optional<SlackWebhook> webhook = webhookFor(alert);
        LOG.warning("Alert"
                + webhook.map(target -> " (to " + target.maskedUrl() + ")").orElse(" (no webhook configured)") + ": "
                + text);
        webhook.ifPresent(target -> send(new Delivery(target, SlackMessages.payload(text, target), alert.title())));
    }

    /** The account's own webhook if its file has one enabled, else the global one. */
    private Optional<SlackWebhook> webhookFor(Alert alert) {
        Optional<SlackWebhook> own = alert.accountName() == null
                ? Optional.empty()
                : accounts.accountNamed(alert.accountName()).flatMap(Account::alertWebhook);
        return own.or(() -> Optional.ofNullable(global));
    }

    private void send(Delivery delivery) {
        if (!outbox.offer(delivery)) {
            LOG.warning("Alert not sent, " + OUTBOX_CAPACITY + " are waiting for their webhooks already: "
                    + delivery.title());
            return;
        }
        if (sending.compareAndSet(false, true)) {
            try {
                executor.execute(this::sendWaiting);
            } catch (RejectedExecutionException e) {
                sending.set(false);
                LOG.warning("Alerts cannot be sent now (executor refused: " + e.getMessage() + "); " + outbox.size()
                        + " waiting");
            }
        }
    }

    /** One sender at a time, in order; ends when the outbox is empty, the next alert starts another. */
    private void sendWaiting() {
        do {
            Delivery delivery;
            while ((delivery = outbox.poll()) != null) {
                deliver(delivery);
            }
            sending.set(false);
            // an alert queued between the last poll and the reset would wait for the next one: take it now
        } while (!outbox.isEmpty() && sending.compareAndSet(false, true));
    }

    private void deliver(Delivery delivery) {
        for (int attempt = 1; attempt <= Math.max(1, attempts); attempt++) {
            try {
                client.post(delivery.webhook(), delivery.payload());
                return;
            } catch (AlertDeliveryException e) {
                boolean last = attempt >= attempts;
                LOG.warning("Alert \"" + delivery.title() + "\" not delivered (attempt " + attempt + "): "
                        + e.getMessage() + (last ? "; given up" : "; trying again in a second"));
                if (last) {
                    return;
                }
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}

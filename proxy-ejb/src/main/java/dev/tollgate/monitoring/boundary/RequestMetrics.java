package dev.tollgate.monitoring.boundary;

import dev.tollgate.cluster.boundary.DataGrid;
import dev.tollgate.journal.boundary.RequestJournal;
import dev.tollgate.journal.entity.CompletedRequest;
import dev.tollgate.journal.entity.JournalBatchWritten;
import dev.tollgate.monitoring.control.LabelLimiter;
import dev.tollgate.monitoring.control.Routes;
import dev.tollgate.oauth.entity.TokenRefreshOutcome;
import dev.tollgate.quotas.entity.QuotaExhausted;
import dev.tollgate.relay.boundary.RelayedResponse;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Tollgate's metrics, in MicroProfile Metrics' application registry, which Payara serves in the
 * Prometheus (OpenMetrics) text format at {@code /metrics}. docs/monitoring.md lists every name and
 * label.
 *
 * <p>Request metrics come from the journal's {@link CompletedRequest} events, so they agree with
 * {@code api_requests} row for row and cost the request path nothing. Labels that clients choose
 * (train, model) are bounded by {@link LabelLimiter}; accounts are bounded by the credential files.
 */
@ApplicationScoped
public class RequestMetrics {

    @Inject
    DataGrid dataGrid;

    @Inject
    MetricRegistry registry;

    @Inject
    RequestJournal journal;

    @Inject
    @ConfigProperty(name = "tollgate.metrics.max-trains", defaultValue = "100")
    int maxTrains;

    @Inject
    @ConfigProperty(name = "tollgate.metrics.max-models", defaultValue = "50")
    int maxModels;

    @Inject
    @ConfigProperty(name = "tollgate.metrics.max-accounts", defaultValue = "200")
    int maxAccounts;

    private LabelLimiter trains;
    private LabelLimiter models;
    private LabelLimiter accounts;
    private final Map<String, DoubleAdder> costs = new ConcurrentHashMap<>();

    /*
     * The handles of the counters and histograms, by name and labels: the registry's own lookup
     * (metadata, a sorted tag set, a metric id) costs more than the update itself, and the journal's
     * writer makes about seven of them per row. Labels are bounded, and so are these maps.
     */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<List<String>, Histogram> histograms = new ConcurrentHashMap<>();

    @PostConstruct
    void createLabelLimiters() {
        trains = new LabelLimiter(maxTrains);
        models = new LabelLimiter(maxModels);
        accounts = new LabelLimiter(maxAccounts);
    }

    /** Registers the gauges at start-up, before the first request, so a scrape always shows them. */
    void registerGauges(@Observes @Initialized(ApplicationScoped.class) Object started) {
        gauge(
                "tollgate.cluster.members",
                "Members of the data grid this instance is in (1 when alone)",
                dataGrid::memberCount);
        gauge("tollgate.journal.queue.depth", "Journal records waiting in memory for the writer", journal::queueDepth);
        gauge(
                "tollgate.journal.queue",
                MetricUnits.BYTES,
                "Approximate heap taken by journal records waiting for the writer (bounded by queue-max-bytes)",
                journal::queueBytes);
        gauge(
                "tollgate.journal.spill",
                MetricUnits.BYTES,
                "Bytes waiting in the spill journal on local disk (the database is or was unreachable)",
                journal::spillPendingBytes);
        gauge(
                "tollgate.journal.spilling",
                "1 while records wait in the spill journal, else 0",
                () -> journal.spilling() ? 1 : 0);
        gauge(
                "tollgate.journal.spilled.records",
                "Records written to the spill journal since start",
                journal::spilledCount);
        gauge(
                "tollgate.journal.backpressure.waits",
                "Times a request thread found the journal queue full and waited for the writer, since start",
                journal::backPressureWaitCount);
        gauge(
                "tollgate.journal.replayed.records",
                "Spilled records replayed into the database since start",
                journal::replayedCount);
        gauge(
                "tollgate.journal.dropped.records",
                "Records neither the database nor the spill journal could take since start (should stay 0)",
                journal::droppedCount);
        gauge("tollgate.journal.written.records", "Rows written to the database since start", journal::writtenCount);
        gauge(
                "tollgate.streams.active",
                "Event streams being relayed to clients right now",
                RelayedResponse::activeStreams);
    }

    void requestCompleted(@Observes CompletedRequest request) {
        String route = Routes.of(request.path());
        String train = trains.label(request.trainId());
        String account = accounts.label(request.accountId());
        String model = models.label(request.model());
        String status = String.valueOf(request.status());
        if (request.gaveUp()) {
            counter(
                            "tollgate.upstream.failovers",
                            "Attempts given up to fail over to the next account, by the account given up and its status",
                            "account",
                            account,
                            "status",
                            status)
                    .inc();
        } else {
            counter(
                            "tollgate.requests",
                            "Client requests answered, by route, status, train, account and model",
                            "route",
                            route,
                            "status",
                            status,
                            "train",
                            train,
                            "account",
                            account,
                            "model",
                            model)
                    .inc();
            histogram(
                            "tollgate.request.duration.milliseconds",
                            "Milliseconds from arrival to the last byte sent, by route and status class",
                            "route",
                            route,
                            "status_class",
                            request.status() / 100 + "xx")
                    .update(request.durationMs());
            if (request.firstTokenMs() != null) {
                histogram(
                                "tollgate.time.to.first.token.milliseconds",
                                "Milliseconds from arrival to the first content of a stream, by model",
                                "model",
                                model)
                        .update(request.firstTokenMs());
            }
        }
        if (request.accountId() != null && (request.status() >= 500 || request.status() == 429)) {
            counter(
                            "tollgate.upstream.errors",
                            "Answers of 429, 5xx (incl. 529 overloaded) or no answer (502 unreachable, 504 timeout) for an account",
                            "account",
                            account,
                            "status",
                            status)
                    .inc();
        }
        if (request.status() == 401 && request.refusedByTollgate()) {
            counter(
                            "tollgate.auth.failures",
                            "Requests refused for a missing or invalid client key, by train",
                            "train",
                            train)
                    .inc();
        }
        countTokens("input", request.inputTokens(), account, model);
        countTokens("output", request.outputTokens(), account, model);
        countTokens("cache_creation", request.cacheCreationInputTokens(), account, model);
        countTokens("cache_read", request.cacheReadInputTokens(), account, model);
        if (request.costUsd() != null && request.costUsd().signum() > 0) {
            cost(account, model).add(request.costUsd().doubleValue());
        }
    }

    void tokenRefreshed(@Observes TokenRefreshOutcome outcome) {
        counter(
                        "tollgate.oauth.refreshes",
                        "OAuth token refreshes by account and result (refreshed, failed, relogin_required)",
                        "account",
                        accounts.label(outcome.accountName()),
                        "result",
                        outcome.result().name().toLowerCase(Locale.ROOT))
                .inc();
    }

    void quotaRefused(@Observes QuotaExhausted refusal) {
        counter(
                        "tollgate.quota.refusals",
                        "Requests refused by a quota, by scope (train, client_key), measure and window",
                        "scope",
                        refusal.scope(),
                        "measure",
                        refusal.measure(),
                        "window",
                        refusal.window())
                .inc();
    }

    void batchWritten(@Observes JournalBatchWritten batch) {
        histogram(
                        "tollgate.journal.batch.duration.milliseconds",
                        "Milliseconds to write one batch of journal rows to the database")
                .update(batch.durationNanos() / 1_000_000);
        histogram("tollgate.journal.batch.rows", "Rows per journal batch written")
                .update(batch.rows());
    }

    private void countTokens(String type, long tokens, String account, String model) {
        if (tokens > 0) {
            counter(
                            "tollgate.tokens",
                            "Tokens by type (input, output, cache_creation, cache_read), account and model",
                            "type",
                            type,
                            "account",
                            account,
                            "model",
                            model)
                    .inc(tokens);
        }
    }

    /** Cost is a sum of fractions of a dollar, which a (whole-number) counter cannot hold. */
    private DoubleAdder cost(String account, String model) {
        return costs.computeIfAbsent(account + '\u0000' + model, key -> {
            DoubleAdder sum = new DoubleAdder();
            registry.gauge(
                    Metadata.builder()
                            .withName("tollgate.cost.usd")
                            .withDescription(
                                    "Cost in US dollars since start, by account and model (grows like a counter; resets on restart)")
                            .build(),
                    sum,
                    DoubleAdder::sum,
                    new Tag("account", account),
                    new Tag("model", model));
            return sum;
        });
    }

    private Counter counter(String name, String description, String... labels) {
        List<String> key = key(name, labels);
        Counter counter = counters.get(key);
        return counter != null
                ? counter
                : counters.computeIfAbsent(key, k -> registry.counter(metadata(name, description), tags(labels)));
    }

    /**
     * Milliseconds, without a MicroProfile unit: Payara's exporter converts the mean and max of a
     * histogram with a unit to seconds but not its buckets and sum, and a timer's quantiles stay in
     * nanoseconds; unit-less, every series of the histogram is in the same milliseconds.
     */
    private Histogram histogram(String name, String description, String... labels) {
        List<String> key = key(name, labels);
        Histogram histogram = histograms.get(key);
        return histogram != null
                ? histogram
                : histograms.computeIfAbsent(key, k -> registry.histogram(metadata(name, description), tags(labels)));
    }

    private static Metadata metadata(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }

    /** A metric's name and label pairs, as the key of its cached handle. */
    private static List<String> key(String name, String... labels) {
        String[] key = new String[labels.length + 1];
        key[0] = name;
        System.arraycopy(labels, 0, key, 1, labels.length);
        return List.of(key);
    }

    private static Tag[] tags(String... labels) {
        Tag[] tags = new Tag[labels.length / 2];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = new Tag(labels[2 * i], labels[2 * i + 1]);
        }
        return tags;
    }

    private void gauge(String name, String description, Supplier<Number> value) {
        gauge(name, MetricUnits.NONE, description, value);
    }

    private void gauge(String name, String unit, String description, Supplier<Number> value) {
        registry.gauge(
                Metadata.builder()
                        .withName(name)
                        .withUnit(unit)
                        .withDescription(description)
                        .build(),
                value);
    }
}

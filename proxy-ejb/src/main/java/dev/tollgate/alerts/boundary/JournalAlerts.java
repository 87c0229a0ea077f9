package dev.tollgate.alerts.boundary;

import dev.tollgate.alerts.control.JournalWatch;
import dev.tollgate.journal.boundary.RequestJournal;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Alerts when the journal starts spilling to local disk (PostgreSQL unreachable or too slow), when
 * it starts losing records, and when it has recovered. The journal exposes its state, not events,
 * so a timer looks at it.
 *
 * <p>Started after the journal, and its timer created only then: a timer that fired during
 * deployment would create the journal (a CDI bean) on a timer thread, before the schema and the
 * price table it needs (ADR 0011).
 */
@Singleton
@Startup
@DependsOn({"JournalLifecycle", "AlertDispatcher"})
public class JournalAlerts {

    @Inject
    @ConfigProperty(name = "tollgate.alerts.journal-check-seconds", defaultValue = "5")
    long checkSeconds;

    @Inject
    @ConfigProperty(name = "tollgate.journal.spill-dir", defaultValue = "./data/journal-spill")
    String spillDirectory;

    @Inject
    RequestJournal journal;

    @Inject
    AlertDispatcher dispatcher;

    @Resource
    TimerService timers;

    private JournalWatch watch;

    @PostConstruct
    void start() {
        watch = new JournalWatch(Path.of(spillDirectory).toAbsolutePath().toString());
        long interval = Math.max(1, checkSeconds) * 1000;
        // not persistent: a persistent timer lives in Payara Micro's data grid and breaks without it
        timers.createIntervalTimer(interval, interval, new TimerConfig("journal alerts", false));
    }

    @Timeout
    void onTimer() {
        check();
    }

    /** Raises the alerts the journal's change of state since the last check calls for. */
    public void check() {
        watch.observe(journal.spilling(), journal.losingRecords(), journal.spillPendingBytes())
                .forEach(dispatcher::raise);
    }
}

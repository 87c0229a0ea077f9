package dev.tollgate.alerts.boundary;

import dev.tollgate.alerts.control.JournalWatch;
import dev.tollgate.journal.boundary.RequestJournal;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Alerts when the journal starts spilling to local disk (PostgreSQL unreachable or too slow), when
 * it starts losing records, and when it has recovered. The journal exposes its state, not events,
 * so a timer looks at it.
 */
@Singleton
public class JournalAlerts {

    @Inject
    @ConfigProperty(name = "tollgate.alerts.journal-check-seconds", defaultValue = "5")
    long checkSeconds;

    @Inject
    @ConfigProperty(name = "tollgate.journal.spill-dir", defaultValue = "./data/journal-spill")
    String spillDirectory;

    @EJB
    RequestJournal journal;

    @Inject
    AlertDispatcher dispatcher;

    private JournalWatch watch;
    private long lastCheckMillis;

    @PostConstruct
    void start() {
        watch = new JournalWatch(Path.of(spillDirectory).toAbsolutePath().toString());
    }

    // Every second the timer looks whether a check is due (tollgate.alerts.journal-check-seconds,
    // 5 by default): a @Schedule expression cannot come from configuration. Not persistent: a
    // persistent timer lives in Payara Micro's data grid and breaks without it.
    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void onTimer() {
        long now = System.currentTimeMillis();
        if (now - lastCheckMillis >= checkSeconds * 1000) {
            lastCheckMillis = now;
            check();
        }
    }

    /** Raises the alerts the journal's change of state since the last check calls for. */
    public void check() {
        watch.observe(journal.spilling(), journal.losingRecords(), journal.spillPendingBytes())
                .forEach(dispatcher::raise);
    }
}

package dev.tollgate.alerts.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.alerts.entity.Alert;
import dev.tollgate.alerts.entity.AlertKind;
import dev.tollgate.journal.boundary.RequestJournal;
import dev.tollgate.quotas.entity.QuotaExhausted;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two sources without events of their own to count: the journal's state, and quota refusals. */
class JournalAndQuotaAlertsTest {

    private final RecordingDispatcher dispatcher = new RecordingDispatcher();
    /** The interval timers asked of the container: [initial delay, interval, persistent]. */
    private final List<List<Object>> intervalTimers = new ArrayList<>();

    private final TimerService timers = (TimerService) Proxy.newProxyInstance(
            TimerService.class.getClassLoader(), new Class<?>[] {TimerService.class}, (proxy, method, args) -> {
                if (!method.getName().equals("createIntervalTimer") || !(args[2] instanceof TimerConfig config)) {
                    throw new UnsupportedOperationException(method.getName());
                }
                intervalTimers.add(List.of(args[0], args[1], config.isPersistent()));
                return null;
            });

    /** A journal whose state the test sets. */
    static class JournalState extends RequestJournal {
        boolean spilling;
        boolean losing;

        @Override
        public boolean spilling() {
            return spilling;
        }

        @Override
        public boolean losingRecords() {
            return losing;
        }

        @Override
        public long spillPendingBytes() {
            return spilling ? 4_096 : 0;
        }
    }

    @Test
    void theTimerReportsTheJournalsChangesNotItsState() {
        JournalState journal = new JournalState();
        JournalAlerts cut = new JournalAlerts();
        cut.journal = journal;
        cut.dispatcher = dispatcher;
        cut.checkSeconds = 5;
        cut.spillDirectory = "/var/lib/tollgate/journal-spill";
        cut.timers = timers;
        cut.start();

        cut.check();
        journal.spilling = true;
        cut.check();
        cut.check();
        journal.spilling = false;
        cut.check();

        assertThat(dispatcher.raised)
                .extracting(Alert::kind)
                .containsExactly(AlertKind.JOURNAL_SPILLING, AlertKind.JOURNAL_RECOVERED);
        assertThat(dispatcher.raised.get(0).details()).contains("/var/lib/tollgate/journal-spill", "4,096 bytes");
    }

    @Test
    void theTimerChecksEveryConfiguredIntervalAndIsNotPersistent() {
        JournalAlerts cut = new JournalAlerts();
        cut.journal = new JournalState();
        cut.dispatcher = dispatcher;
        cut.checkSeconds = 3_600;
        cut.spillDirectory = "spill";
        cut.timers = timers;
        cut.start();

        // created when the bean starts (after the journal), first due one interval later
        assertThat(intervalTimers).containsExactly(List.of(3_600_000L, 3_600_000L, false));
    }

    @Test
    void everyQuotaRefusalIsRaisedForTheRateLimiterToCount() {
        QuotaAlerts cut = new QuotaAlerts();
        cut.dispatcher = dispatcher;

        cut.onExhausted(new QuotaExhausted("train", "team-a", "requests", "minute", 60, 12));
        cut.onExhausted(new QuotaExhausted("train", "team-a", "requests", "minute", 60, 11));

        assertThat(dispatcher.raised).hasSize(2).allSatisfy(alert -> {
            assertThat(alert.kind()).isEqualTo(AlertKind.QUOTA_EXHAUSTED);
            assertThat(alert.rateLimitKey()).isEqualTo("QUOTA_EXHAUSTED train team-a requests minute");
        });
    }
}

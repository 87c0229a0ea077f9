package dev.tollgate.alerts.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.alerts.entity.Alert;
import dev.tollgate.alerts.entity.AlertKind;
import dev.tollgate.journal.boundary.RequestJournal;
import dev.tollgate.quotas.entity.QuotaExhausted;
import org.junit.jupiter.api.Test;

/** The two sources without events of their own to count: the journal's state, and quota refusals. */
class JournalAndQuotaAlertsTest {

    private final RecordingDispatcher dispatcher = new RecordingDispatcher();

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
    void theTimerChecksOnlyEveryFewSeconds() {
        JournalState journal = new JournalState();
        JournalAlerts cut = new JournalAlerts();
        cut.journal = journal;
        cut.dispatcher = dispatcher;
        cut.checkSeconds = 3_600;
        cut.spillDirectory = "spill";
        cut.start();

        cut.onTimer(); // the first tick checks
        journal.spilling = true;
        cut.onTimer(); // the next within the hour does not

        assertThat(dispatcher.raised).isEmpty();
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

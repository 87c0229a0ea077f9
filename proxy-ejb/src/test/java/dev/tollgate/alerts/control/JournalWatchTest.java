package dev.tollgate.alerts.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.alerts.entity.Alert;
import dev.tollgate.alerts.entity.AlertKind;
import org.junit.jupiter.api.Test;

class JournalWatchTest {

    private final JournalWatch cut = new JournalWatch("/var/lib/tollgate/journal-spill");

    @Test
    void aHealthyJournalRaisesNothing() {
        assertThat(cut.observe(false, false, 0)).isEmpty();
        assertThat(cut.observe(false, false, 0)).isEmpty();
    }

    @Test
    void theStartOfSpillingIsReportedOnceAndItsEndOnce() {
        assertThat(cut.observe(true, false, 12_345)).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(AlertKind.JOURNAL_SPILLING);
            assertThat(alert.details()).contains("/var/lib/tollgate/journal-spill", "12,345 bytes");
        });
        assertThat(cut.observe(true, false, 99_999)).isEmpty();
        assertThat(cut.observe(false, false, 0)).extracting(Alert::kind).containsExactly(AlertKind.JOURNAL_RECOVERED);
        assertThat(cut.observe(false, false, 0)).isEmpty();
    }

    @Test
    void losingRecordsIsReportedEvenWhileSpillingAlready() {
        cut.observe(true, false, 1);
        assertThat(cut.observe(true, true, 1))
                .extracting(Alert::kind)
                .containsExactly(AlertKind.JOURNAL_LOSING_RECORDS);
        assertThat(cut.observe(true, true, 1)).isEmpty();
    }

    @Test
    void losingWithoutSpillingIsOneAlertNotTwo() {
        assertThat(cut.observe(true, true, 0))
                .extracting(Alert::kind)
                .containsExactly(AlertKind.JOURNAL_LOSING_RECORDS);
        assertThat(cut.observe(false, false, 0)).extracting(Alert::kind).containsExactly(AlertKind.JOURNAL_RECOVERED);
    }

    @Test
    void allJournalAlertsShareOneSubjectPerKind() {
        assertThat(cut.observe(true, false, 0)).extracting(Alert::subject).containsExactly(AlertTexts.JOURNAL);
        assertThat(cut.observe(false, false, 0)).extracting(Alert::accountName).containsOnlyNulls();
    }
}

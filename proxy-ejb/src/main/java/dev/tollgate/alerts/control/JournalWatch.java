package dev.tollgate.alerts.control;

import dev.tollgate.alerts.entity.Alert;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the journal's state, looked at now and then, into alerts on its changes: when it starts to
 * spill to disk, when it starts losing records, and when it is back to normal. A state that lasts
 * is not reported again.
 */
public final class JournalWatch {

    private final String spillDirectory;
    private boolean spilling;
    private boolean losing;

    public JournalWatch(String spillDirectory) {
        this.spillDirectory = spillDirectory;
    }

    /** @return the alerts this change of state calls for (usually none) */
    public synchronized List<Alert> observe(boolean spillingNow, boolean losingNow, long pendingBytes) {
        List<Alert> alerts = new ArrayList<>();
        if (losingNow && !losing) {
            alerts.add(AlertTexts.journalLosingRecords(spillDirectory));
        }
        if (spillingNow && !spilling && !losingNow) {
            alerts.add(AlertTexts.journalSpilling(pendingBytes, spillDirectory));
        }
        if ((spilling || losing) && !spillingNow && !losingNow) {
            alerts.add(AlertTexts.journalRecovered());
        }
        spilling = spillingNow;
        losing = losingNow;
        return alerts;
    }
}

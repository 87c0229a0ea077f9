package dev.tollgate.dashboard.stats.boundary;

import dev.tollgate.dashboard.stats.entity.JournalSummary;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;

/** The overview page: the last 24 hours of the journal. */
@Named
@RequestScoped
public class OverviewBacking {

    @Inject
    JournalStatistics statistics;

    private JournalSummary summary;

    public JournalSummary getSummary() {
        if (summary == null) {
            summary = statistics.since(Instant.now().minus(Duration.ofHours(24)));
        }
        return summary;
    }
}

package dev.tollgate.dashboard.stats.boundary;

import dev.tollgate.dashboard.stats.control.TimelineCharts;
import dev.tollgate.dashboard.stats.entity.JournalSummary;
import dev.tollgate.dashboard.stats.entity.TimeWindow;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The overview page ({@code index.xhtml?window=24h}): one window of the journal, in figures and charts. */
@Named
@RequestScoped
public class OverviewBacking {

    /** The windows the page offers, in hours, by the name in the address. */
    private static final Map<String, Integer> WINDOWS = Map.of("1h", 1, "24h", 24, "7d", 24 * 7, "30d", 24 * 30);

    @Inject
    JournalStatistics statistics;

    private String window = "24h";
    private TimeWindow timeWindow;
    private JournalSummary summary;
    private TimelineCharts charts;

    public JournalSummary getSummary() {
        if (summary == null) {
            summary = statistics.summarize(getTimeWindow());
        }
        return summary;
    }

    public TimeWindow getTimeWindow() {
        if (timeWindow == null) {
            timeWindow = TimeWindow.lastHours(WINDOWS.get(window), Instant.now());
        }
        return timeWindow;
    }

    public TimelineCharts getCharts() {
        if (charts == null) {
            charts = new TimelineCharts(getSummary());
        }
        return charts;
    }

    public List<String> getWindows() {
        return List.of("1h", "24h", "7d", "30d");
    }

    public String getWindowTitle() {
        return switch (window) {
            case "1h" -> "Last hour";
            case "7d" -> "Last 7 days";
            case "30d" -> "Last 30 days";
            default -> "Last 24 hours";
        };
    }

    public String getWindow() {
        return window;
    }

    /** Anything but a window the page offers is the default: the address is user input. */
    public void setWindow(String window) {
        this.window = WINDOWS.containsKey(window) ? window : "24h";
    }
}

package dev.tollgate.dashboard.stats.control;

import dev.tollgate.dashboard.stats.entity.JournalSummary;
import dev.tollgate.dashboard.stats.entity.JournalSummary.Bucket;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/**
 * Chart.js configurations (what PrimeFaces' {@code p:chart} takes as its value) for the overview's
 * timeline: traffic, tokens and cost, latency. Labels are formatted here rather than with a time
 * scale, which would need a date adapter PrimeFaces does not bundle.
 */
public final class TimelineCharts {

    private static final DateTimeFormatter MINUTES =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_HOURS =
            DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAYS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final JournalSummary summary;

    public TimelineCharts(JournalSummary summary) {
        this.summary = summary;
    }

    /** Requests and errors per bucket, as stacked bars (errors are a part of the requests). */
    public String traffic() {
        return chart(
                "bar",
                Json.createArrayBuilder()
                        .add(series("Answered below 400", "#4e79a7", b -> b.requests() - b.errors()))
                        .add(series("Errors (400 and above)", "#e15759", Bucket::errors)),
                Json.createObjectBuilder()
                        .add("x", Json.createObjectBuilder().add("stacked", true))
                        .add("y", axis("requests", true).add("stacked", true)));
    }

    /** Tokens (left axis) and cost in USD (right axis) per bucket. */
    public String tokensAndCost() {
        return chart(
                "line",
                Json.createArrayBuilder()
                        .add(series("Tokens", "#59a14f", Bucket::totalTokens).add("yAxisID", "y"))
                        .add(series("Cost (USD)", "#f28e2b", b -> b.costUsd().doubleValue())
                                .add("yAxisID", "cost")),
                Json.createObjectBuilder()
                        .add("y", axis("tokens", true))
                        .add(
                                "cost",
                                axis("USD", true)
                                        .add("position", "right")
                                        .add("grid", Json.createObjectBuilder().add("drawOnChartArea", false))));
    }

    /** Duration and time to first token, p50 and p99, in milliseconds; gaps where a bucket had none. */
    public String latency() {
        return chart(
                "line",
                Json.createArrayBuilder()
                        .add(series("Duration p50", "#4e79a7", b -> b.latency().durationP50()))
                        .add(series("Duration p99", "#a0cbe8", b -> b.latency().durationP99()))
                        .add(series(
                                "First token p50", "#b07aa1", b -> b.latency().firstTokenP50()))
                        .add(series(
                                "First token p99", "#d4a6c8", b -> b.latency().firstTokenP99())),
                Json.createObjectBuilder().add("y", axis("ms", true)));
    }

    private String chart(String type, JsonArrayBuilder datasets, JsonObjectBuilder scales) {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        DateTimeFormatter format = labelFormat(Duration.ofSeconds(summary.bucketSeconds()));
        summary.timeline().forEach(bucket -> labels.add(format.format(bucket.start())));
        return Json.createObjectBuilder()
                .add("type", type)
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
                .add(
                        "options",
                        Json.createObjectBuilder()
                                .add("animation", false)
                                .add("maintainAspectRatio", false)
                                .add("scales", scales))
                .build()
                .toString();
    }

    private JsonObjectBuilder series(String label, String colour, Function<Bucket, Number> value) {
        JsonArrayBuilder points = Json.createArrayBuilder();
        for (Bucket bucket : summary.timeline()) {
            Number point = value.apply(bucket);
            if (point == null) {
                points.addNull();
            } else if (point instanceof Double decimal) {
                points.add(decimal);
            } else {
                points.add(point.longValue());
            }
        }
        return Json.createObjectBuilder()
                .add("label", label)
                .add("data", points)
                .add("borderColor", colour)
                .add("backgroundColor", colour)
                .add("spanGaps", false);
    }

    private static JsonObjectBuilder axis(String title, boolean fromZero) {
        return Json.createObjectBuilder()
                .add("beginAtZero", fromZero)
                .add("title", Json.createObjectBuilder().add("display", true).add("text", title));
    }

    private static DateTimeFormatter labelFormat(Duration bucket) {
        if (bucket.compareTo(Duration.ofDays(1)) >= 0) {
            return DAYS;
        }
        return bucket.compareTo(Duration.ofHours(1)) < 0 ? MINUTES : DAY_HOURS;
    }
}

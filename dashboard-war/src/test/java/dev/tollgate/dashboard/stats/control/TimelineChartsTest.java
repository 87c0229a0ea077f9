package dev.tollgate.dashboard.stats.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dashboard.stats.entity.JournalSummary;
import dev.tollgate.dashboard.stats.entity.JournalSummary.Bucket;
import dev.tollgate.dashboard.stats.entity.JournalSummary.Latency;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineChartsTest {

    private static final Instant NINE = Instant.parse("2026-12-01T09:00:00Z");

    private static final JournalSummary SUMMARY = new JournalSummary(
            NINE,
            12,
            3,
            100,
            200,
            0,
            0,
            new BigDecimal("0.25"),
            0,
            Latency.NONE,
            List.of(),
            List.of(),
            List.of(),
            3600,
            List.of(
                    new Bucket(NINE, 10, 3, 250, new BigDecimal("0.2"), new Latency(120L, 900L, 40L, 300L)),
                    Bucket.empty(NINE.plusSeconds(3600)),
                    new Bucket(
                            NINE.plusSeconds(7200),
                            2,
                            0,
                            50,
                            new BigDecimal("0.05"),
                            new Latency(80L, 80L, null, null))));

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static JsonArray data(JsonObject chart, int dataset) {
        return chart.getJsonObject("data")
                .getJsonArray("datasets")
                .getJsonObject(dataset)
                .getJsonArray("data");
    }

    @Test
    void trafficStacksAnsweredAndErrorsSoTheBarIsTheRequestCount() {
        JsonObject chart = parse(new TimelineCharts(SUMMARY).traffic());
        assertThat(chart.getString("type")).isEqualTo("bar");
        assertThat(chart.getJsonObject("data").getJsonArray("labels").getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString)
                .containsExactly("12-01 09:00", "12-01 10:00", "12-01 11:00");
        assertThat(data(chart, 0).toString()).isEqualTo("[7,0,2]");
        assertThat(data(chart, 1).toString()).isEqualTo("[3,0,0]");
    }

    @Test
    void tokensAndCostUseTwoAxes() {
        JsonObject chart = parse(new TimelineCharts(SUMMARY).tokensAndCost());
        assertThat(data(chart, 0).toString()).isEqualTo("[250,0,50]");
        assertThat(data(chart, 1).toString()).isEqualTo("[0.2,0.0,0.05]");
        assertThat(chart.getJsonObject("options")
                        .getJsonObject("scales")
                        .getJsonObject("cost")
                        .getString("position"))
                .isEqualTo("right");
    }

    @Test
    void latencyLeavesGapsWhereABucketHadNoSuchRequest() {
        JsonObject chart = parse(new TimelineCharts(SUMMARY).latency());
        assertThat(data(chart, 0).toString()).isEqualTo("[120,null,80]");
        assertThat(data(chart, 2).toString()).isEqualTo("[40,null,null]");
    }
}

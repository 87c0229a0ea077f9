package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What ops scrape and ship: the Prometheus metrics move exactly as the journal says after a known
 * sequence of requests, their labels stay bounded whatever clients send, and the request log has one
 * JSON line per request with no secret of the masking corpus in the whole server log. On the shared
 * stack, which runs with {@code DEBUG=true} and {@code tollgate.request-log.format=json}.
 */
class MonitoringIT {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void metricsMoveAsTheJournalSaysAfterAKnownSequenceOfRequests() throws Exception {
        String train = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        Metrics before = Metrics.scrape();

        for (int i = 0; i < 3; i++) {
            assertThat(send(Http.post("/v1/messages", Http.SIMPLE_BODY).header("x-train-id", train))
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(send(Http.post("/v1/messages", Http.STREAM_BODY).header("x-train-id", train))
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                                .header("x-train-id", train)
                                .header("x-sim-status", "500"))
                        .statusCode())
                .isEqualTo(500);
        assertThat(send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                                .header("x-train-id", train)
                                .setHeader("x-api-key", "cnp_live_" + "not-a-key-of-this-tollgate-0123456789"))
                        .statusCode())
                .isEqualTo(401);
        // metrics are updated when the journal writer takes a row, before it stores it
        List<Map<String, Object>> rows = JournalRows.awaitRowsWhere("train_id", train, 6);
        Metrics after = Metrics.scrape();

        Map<List<String>, Integer> byStatusAccountModel = new HashMap<>();
        long inputTokens = 0;
        long outputTokens = 0;
        BigDecimal cost = BigDecimal.ZERO;
        String servingAccount = null;
        for (Map<String, Object> row : rows) {
            String account = row.get("account_id") == null ? "none" : (String) row.get("account_id");
            String model = row.get("model") == null ? "none" : (String) row.get("model");
            byStatusAccountModel.merge(
                    List.of(String.valueOf(row.get("response_status")), account, model), 1, Integer::sum);
            inputTokens += ((Number) row.get("input_tokens")).longValue();
            outputTokens += ((Number) row.get("output_tokens")).longValue();
            if (row.get("cost_usd") != null) {
                cost = cost.add((BigDecimal) row.get("cost_usd"));
            }
            if (!account.equals("none")) {
                servingAccount = account;
            }
        }
        assertThat(byStatusAccountModel.keySet())
                .extracting(key -> key.get(0))
                .containsExactlyInAnyOrder("200", "500", "401");
        byStatusAccountModel.forEach((key, count) -> assertThat(after.delta(
                        before,
                        "tollgate_requests_total",
                        Map.of(
                                "route",
                                "/v1/messages",
                                "train",
                                train,
                                "status",
                                key.get(0),
                                "account",
                                key.get(1),
                                "model",
                                key.get(2))))
                .as("requests %s", key)
                .isEqualTo(count.longValue()));
        assertThat(after.delta(before, "tollgate_auth_failures_total", Map.of("train", train)))
                .isEqualTo(1);
        assertThat(after.delta(
                        before, "tollgate_upstream_errors_total", Map.of("account", servingAccount, "status", "500")))
                .isEqualTo(1);
        Map<String, String> sonnet = Map.of("account", servingAccount, "model", "claude-sonnet-4-5");
        assertThat(after.delta(before, "tollgate_tokens_total", with(sonnet, "type", "input")))
                .as("input tokens, as the journal sums them")
                .isEqualTo(inputTokens)
                .isPositive();
        assertThat(after.delta(before, "tollgate_tokens_total", with(sonnet, "type", "output")))
                .isEqualTo(outputTokens);
        assertThat(after.change(before, "tollgate_cost_usd", sonnet))
                .isCloseTo(cost.doubleValue(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(after.delta(
                        before,
                        "tollgate_request_duration_milliseconds_count",
                        Map.of("route", "/v1/messages", "status_class", "2xx")))
                .as("durations observed")
                .isGreaterThanOrEqualTo(4);
        assertThat(after.delta(
                        before,
                        "tollgate_request_duration_milliseconds_bucket",
                        Map.of("route", "/v1/messages", "status_class", "2xx", "le", "+Inf")))
                .isGreaterThanOrEqualTo(4);
        assertThat(after.delta(
                        before,
                        "tollgate_time_to_first_token_milliseconds_count",
                        Map.of("model", "claude-sonnet-4-5")))
                .as("one stream, one time to first token")
                .isGreaterThanOrEqualTo(1);
        assertThat(after.value("tollgate_streams_active", Map.of())).isZero();
        assertThat(after.value("tollgate_journal_queue_depth", Map.of())).isGreaterThanOrEqualTo(0);
        assertThat(after.value("tollgate_journal_spill_bytes", Map.of())).isZero();
        assertThat(after.value("tollgate_journal_dropped_records", Map.of())).isZero();
        assertThat(after.delta(before, "tollgate_journal_batch_duration_milliseconds_count", Map.of()))
                .isPositive();
    }

    @Test
    void aStreamInFlightIsAnActiveStreamUntilItEnds() throws Exception {
        var stream = Http.CLIENT.sendAsync(
                Http.post("/v1/messages", Http.STREAM_BODY)
                        .header("x-sim-text-events", "8")
                        .header("x-sim-event-gap-ms", "500")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        InputStream events = stream.get().body(); // headers are in: the stream is being relayed
        long deadline = System.currentTimeMillis() + 3_000;
        double active = 0;
        while (active < 1 && System.currentTimeMillis() < deadline) {
            active = Metrics.scrape().value("tollgate_streams_active", Map.of());
        }
        assertThat(active).as("active streams while one is relayed").isGreaterThanOrEqualTo(1);
        events.transferTo(java.io.OutputStream.nullOutputStream());
        events.close();
        JournalRows.awaitRow(
                stream.get().headers().firstValue("x-tollgate-request-id").orElseThrow());
        assertThat(Metrics.scrape().value("tollgate_streams_active", Map.of())).isZero();
    }

    @Test
    void labelsStayBoundedWhateverTrainIdsClientsSend() throws Exception {
        for (int i = 0; i < 120; i++) {
            send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                    .header("x-train-id", "random-" + UUID.randomUUID())
                    .setHeader("x-api-key", "cnp_live_" + "not-a-key-of-this-tollgate-0123456789"));
        }
        String last = "random-last-" + UUID.randomUUID();
        String id = requestId(send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                .header("x-train-id", last)
                .setHeader("x-api-key", "cnp_live_" + "not-a-key-of-this-tollgate-0123456789")));
        JournalRows.awaitRow(id);

        Metrics metrics = Metrics.scrape();
        Set<String> trains = metrics.labelValues("tollgate_requests_total", "train");
        assertThat(trains)
                .as(
                        "train labels, at most tollgate.metrics.max-trains (%d) and other",
                        TollgateStack.METRICS_MAX_TRAINS)
                .hasSizeLessThanOrEqualTo(TollgateStack.METRICS_MAX_TRAINS + 1)
                .contains("other")
                .doesNotContain(last);
        assertThat(metrics.value("tollgate_auth_failures_total", Map.of("train", "other")))
                .isPositive();
    }

    /**
     * Every secret of the masking corpus, sent where clients could put it (a header, the user agent,
     * the model name the upstream's error echoes), and not one of them in the server log, which holds
     * one JSON request line per request with DEBUG's detail.
     */
    @Test
    void theRequestLogHasOneMaskedJsonLinePerRequestAndNoSecretOfTheCorpus() throws Exception {
        List<String> secrets = new ArrayList<>();
        List<String> requestIds = new ArrayList<>();
        for (String line : corpus()) {
            String[] parts = line.split("[«»]", -1);
            for (int i = 1; i < parts.length; i += 2) {
                secrets.add(parts[i]);
            }
            String text = line.replaceAll("[«»]", "");
            String body = "{\"model\":" + Json.createValue(text) + ",\"max_tokens\":16,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":" + Json.createValue(text) + "}]}";
            requestIds.add(requestId(send(Http.post("/v1/messages", body)
                    .header("x-train-id", "masking-it")
                    .header("x-note", text)
                    .setHeader("user-agent", text))));
        }
        requestIds.add(requestId(send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                .header("x-train-id", "masking-it")
                .setHeader("x-api-key", secrets.get(0)))));
        for (String requestId : requestIds) {
            JournalRows.awaitRow(requestId);
        }
        String log = Files.readString(TollgateStack.logFile(), StandardCharsets.UTF_8);

        for (String requestId : requestIds) {
            List<JsonObject> lines = requestLines(log, requestId);
            assertThat(lines).as("request log lines of %s", requestId).hasSize(1);
            JsonObject line = lines.get(0);
            assertThat(line.getString("train")).isEqualTo("masking-it");
            assertThat(line.containsKey("status")).isTrue();
            assertThat(line.containsKey("duration_ms")).isTrue();
            assertThat(line.containsKey("request_headers")).as("DEBUG detail").isTrue();
        }
        for (String secret : secrets) {
            assertThat(log).as("server log").doesNotContain(secret);
            if (secret.length() >= 16) {
                assertThat(log).as("server log").doesNotContain(secret.substring(0, secret.length() - 4));
            }
        }
    }

    private static List<JsonObject> requestLines(String log, String requestId) {
        List<JsonObject> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            int json = line.indexOf("{\"event\":\"request\"");
            if (json >= 0 && line.contains("\"request_id\":\"" + requestId + "\"")) {
                try (var reader = Json.createReader(new StringReader(line.substring(json)))) {
                    lines.add(reader.readObject());
                }
            }
        }
        return lines;
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> more = new HashMap<>(labels);
        more.put(key, value);
        return more;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return Http.send(request);
    }

    private static String requestId(HttpResponse<String> response) {
        return response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    }

    private static List<String> corpus() throws IOException {
        try (InputStream in =
                Files.newInputStream(Path.of("../proxy-ejb/src/test/resources/masking/secrets-corpus.txt"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> line.startsWith("+ "))
                    .map(line -> line.substring(2).replace("${SK_ANT}", "sk-ant"))
                    // header values are one line of visible ASCII
                    .filter(line -> line.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '«' || c == '»'))
                    .toList();
        }
    }

    /** One scrape of {@code /metrics}: each sample with its labels. */
    private record Metrics(List<Sample> samples) {

        static Metrics scrape() throws IOException, InterruptedException {
            HttpResponse<String> response = Http.CLIENT.send(
                    HttpRequest.newBuilder(URI.create(TollgateStack.get().baseUrl() + "/metrics"))
                            .header("accept", "text/plain")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            List<Sample> samples = new ArrayList<>();
            for (String line : response.body().split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                Matcher sample = SAMPLE.matcher(line.trim());
                assertThat(sample.matches())
                        .as("Prometheus sample line: %s", line)
                        .isTrue();
                Map<String, String> labels = new LinkedHashMap<>();
                if (sample.group(2) != null) {
                    Matcher label = LABEL.matcher(sample.group(2));
                    while (label.find()) {
                        labels.put(
                                label.group(1),
                                label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                    }
                }
                samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
            }
            return new Metrics(samples);
        }

        /** The sum of the samples of {@code name} that carry all of {@code labels}. */
        double value(String name, Map<String, String> labels) {
            return samples.stream()
                    .filter(sample -> sample.name().equals(name))
                    .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
                    .mapToDouble(Sample::value)
                    .sum();
        }

        long delta(Metrics before, String name, Map<String, String> labels) {
            return Math.round(value(name, labels) - before.value(name, labels));
        }

        double change(Metrics before, String name, Map<String, String> labels) {
            return value(name, labels) - before.value(name, labels);
        }

        Set<String> labelValues(String name, String label) {
            Set<String> values = new HashSet<>();
            samples.stream()
                    .filter(sample -> sample.name().equals(name))
                    .map(sample -> sample.labels().get(label))
                    .forEach(values::add);
            return values;
        }
    }

    private record Sample(String name, Map<String, String> labels, double value) {}
}

package dev.tollgate.monitoring.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.journal.entity.CompletedRequest;
import dev.tollgate.messages.control.JsonDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestLogLineTest {

    @Test
    void textLineHasTheFieldsOpsSearchFor() {
        String line = RequestLogLine.of(request("team-a", "claude-sonnet-4-5", null, null), false)
                .text();

        assertThat(line)
                .startsWith("request time=2026-12-02T01:02:03Z request_id=0b6f5a2e-1c1d-4a51-9d67-6d6c3b1e2f00")
                .contains(" train=team-a ", " account=acc_a ", " status=200 ", " duration_ms=1234 ", " ttft_ms=210 ")
                .contains(" input_tokens=12 ", " output_tokens=34 ", " cost_usd=0.000456 ")
                .doesNotContain("user_agent", "request_headers");
    }

    @Test
    void jsonLineIsOneObjectWithTypedValues() {
        var json = JsonDocuments.parseObjectOrNull(
                RequestLogLine.of(request("team-a", "claude-sonnet-4-5", "upstream: overloaded", null), true)
                        .json());

        assertThat(json).isNotNull();
        assertThat(json.getInt("status")).isEqualTo(200);
        assertThat(json.getJsonNumber("duration_ms").longValue()).isEqualTo(1234);
        assertThat(json.getBoolean("stream")).isTrue();
        assertThat(json.getJsonNumber("cost_usd").bigDecimalValue()).isEqualByComparingTo("0.000456");
        assertThat(json.getString("error")).isEqualTo("upstream: overloaded");
        assertThat(json.getString("user_agent")).isEqualTo("claude-cli/2.1.197");
        assertThat(json.containsKey("request_headers")).as("DEBUG adds headers").isTrue();
    }

    @Test
    void jsonEscapesWhatClientsSendAndReadsBackTheSame() {
        String hostile = "say \"hi\"\n\tthen \\ \u0001 \u2028 é";
        var json = JsonDocuments.parseObjectOrNull(
                RequestLogLine.of(request(hostile, "m", hostile, null), false).json());

        assertThat(json).isNotNull();
        assertThat(json.getString("train")).isEqualTo(hostile);
        assertThat(json.getString("error")).isEqualTo(hostile);
    }

    @Test
    void valuesWithSpacesAreQuotedInText() {
        String line = RequestLogLine.of(request("team-a", "m", "upstream said \"no\"\nthen left", null), false)
                .text();

        assertThat(line)
                .contains(" error=\"upstream said \\\"no\\\"\\nthen left\"")
                .doesNotContain("\n");
    }

    @Test
    void onlyValuesThatNeedItAreQuotedInText() {
        assertThat(RequestLogLine.of(request("team-a", "m", null, null), false).text())
                .contains(" train=team-a ");
        assertThat(RequestLogLine.of(request("a=b", "m", null, null), false).text())
                .contains(" train=\"a=b\" ");
        assertThat(RequestLogLine.of(request("tab\there", "m", null, null), false)
                        .text())
                .contains(" train=\"tab here\" ");
    }

    /**
     * Whatever field a client smuggles a key into (train id, model, user agent, headers, an upstream
     * error echoing it), neither line shows it: the masking corpus through every text field.
     */
    @Test
    void noSecretOfTheMaskingCorpusSurvivesInAnyField() throws IOException {
        List<String> secrets = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (String line : corpus()) {
            String[] parts = line.split("[«»]", -1);
            for (int i = 1; i < parts.length; i += 2) {
                secrets.add(parts[i]);
            }
            texts.add(line.replaceAll("[«»]", ""));
        }
        assertThat(secrets).hasSizeGreaterThan(25);

        for (String text : texts) {
            RequestLogLine line = RequestLogLine.of(request(text, text, text, text), true);
            for (String output : List.of(line.text(), line.json())) {
                for (String secret : secrets) {
                    if (text.contains(secret)) {
                        assertThat(output).as(text).doesNotContain(secret);
                        if (secret.length() >= 16) {
                            assertThat(output).as(text).doesNotContain(secret.substring(0, secret.length() - 4));
                        }
                    }
                }
            }
        }
    }

    private static CompletedRequest request(String train, String model, String error, String anything) {
        String headers = anything == null
                ? "[{\"name\":\"x-api-key\",\"value\":\"****abcd\"}]"
                : "[{\"name\":\"x-note\",\"value\":" + JsonDocuments.JSON.createValue(anything) + "}]";
        return new CompletedRequest(
                "0b6f5a2e-1c1d-4a51-9d67-6d6c3b1e2f00",
                OffsetDateTime.parse("2026-12-02T01:02:03Z"),
                "POST",
                anything == null ? "/v1/messages" : anything,
                train,
                "localhost",
                "acc_a",
                "hash",
                "10.0.0.1",
                model,
                "inference",
                true,
                200,
                1234,
                210L,
                12,
                34,
                0,
                0,
                new BigDecimal("0.000456"),
                error,
                1,
                false,
                null,
                anything == null ? "claude-cli/2.1.197" : anything,
                anything,
                headers,
                10,
                20);
    }

    private static List<String> corpus() throws IOException {
        try (InputStream in = RequestLogLineTest.class.getResourceAsStream("/masking/secrets-corpus.txt")) {
            assertThat(in).as("masking/secrets-corpus.txt").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> line.startsWith("+ "))
                    .map(line -> line.substring(2).replace("${SK_ANT}", "sk-ant"))
                    .toList();
        }
    }
}

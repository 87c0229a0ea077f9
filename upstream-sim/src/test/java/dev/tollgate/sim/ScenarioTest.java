package dev.tollgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void headersOverrideTheDefaults() {
        Headers headers = new Headers();
        headers.add("X-Sim-Content", "thinking");
        headers.add("x-sim-text-events", "7");
        headers.add("x-sim-first-event-delay-ms", "10");
        headers.add("x-sim-event-gap-ms", "20");
        headers.add("x-sim-headers-delay-ms", "30");
        headers.add("x-sim-status", "529");
        headers.add("x-sim-retry-after", "4");
        headers.add("x-sim-stream-error", "drop");
        headers.add("x-sim-error-after-events", "5");
        headers.add("x-sim-gzip", "TRUE");
        headers.add("x-sim-crlf", "true");
        headers.add("x-sim-tool-name", "Bash");
        headers.add("x-sim-tool-input", "{\"command\":\"echo 42\"}");
        headers.add("x-sim-text", "scripted words");

        Scenario scenario = Scenario.fromHeaders(headers);

        assertThat(scenario)
                .isEqualTo(new Scenario(
                        Scenario.Content.THINKING,
                        7,
                        10,
                        20,
                        30,
                        529,
                        4,
                        Scenario.StreamError.DROP,
                        5,
                        true,
                        true,
                        "Bash",
                        Json.createObjectBuilder().add("command", "echo 42").build(),
                        "scripted words"));
    }

    @Test
    void noHeadersMeansTheDefaults() {
        assertThat(Scenario.fromHeaders(new Headers())).isEqualTo(Scenario.defaults());
    }

    @Test
    void jsonRoundTrips() {
        Scenario scenario = Scenario.defaults()
                .withContent(Scenario.Content.TOOL_USE)
                .withEventGapMs(15)
                .withStreamError(Scenario.StreamError.ERROR)
                .withCrlf(true);

        assertThat(Scenario.fromJson(scenario.toJson())).isEqualTo(scenario);
        assertThat(Scenario.fromJson(scenario.withToolName("Read").toJson())).isEqualTo(scenario.withToolName("Read"));
        Scenario read = scenario.withToolName("Read")
                .withToolInput(Json.createObjectBuilder()
                        .add("file_path", "/tmp/f\u00e9.txt")
                        .build())
                .withText("I will read it.");
        assertThat(Scenario.fromJson(read.toJson())).isEqualTo(read);
    }

    @Test
    void partialJsonKeepsTheOtherDefaults() {
        assertThat(Scenario.fromJson("{\"status\":429,\"retryAfter\":9}"))
                .isEqualTo(Scenario.defaults().withStatus(429).withRetryAfter(9));
    }

    @Test
    void invalidValuesAreRefused() {
        assertThatThrownBy(() -> Scenario.fromJson("{\"textEvents\":0}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("textEvents");
        assertThatThrownBy(() -> Scenario.fromJson("{\"status\":200}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scenario.fromJson("{\"gzip\":\"yes\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scenario.fromJson("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scenario.fromJson("{\"toolInput\":\"{}\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toolInput");
        assertThatThrownBy(() -> Scenario.fromJson("{\"text\":\"\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text");
        Headers notAnObject = new Headers();
        notAnObject.add("x-sim-tool-input", "[1]");
        assertThatThrownBy(() -> Scenario.fromHeaders(notAnObject))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x-sim-tool-input");
        Headers headers = new Headers();
        headers.add("x-sim-stream-error", "explode");
        assertThatThrownBy(() -> Scenario.fromHeaders(headers))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x-sim-stream-error");
    }
}

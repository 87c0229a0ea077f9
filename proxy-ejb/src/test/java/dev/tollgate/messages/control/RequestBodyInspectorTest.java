package dev.tollgate.messages.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.messages.control.RequestBodyInspector.MalformedBodyException;
import dev.tollgate.messages.entity.RequestSummary;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodyInspectorTest {

    private final RequestBodyInspector cut = new RequestBodyInspector();

    private RequestSummary inspect(String body) {
        return cut.inspect(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void picksModelAndStreamFromTheTopLevel() {
        RequestSummary summary = inspect(
                """
                {"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"hi"}],"stream":true}""");

        assertThat(summary).isEqualTo(new RequestSummary("claude-sonnet-4-5", true));
    }

    @Test
    void streamIsFalseWhenFalseOrAbsent() {
        assertThat(inspect("{\"model\":\"m\",\"stream\":false}")).isEqualTo(new RequestSummary("m", false));
        assertThat(inspect("{\"model\":\"m\"}")).isEqualTo(new RequestSummary("m", false));
        assertThat(inspect("{}")).isEqualTo(RequestSummary.NONE);
    }

    @Test
    void nestedModelAndStreamDoNotCount() {
        RequestSummary summary = inspect(
                """
                {
                  "metadata": {"model": "nested-in-object", "stream": true},
                  "messages": [{"role": "user", "model": "nested-in-array", "stream": true}],
                  "tools": [{"input_schema": {"properties": {"model": {"type": "string"}}}}],
                  "model": "claude-opus-4-1",
                  "thinking": {"stream": true}
                }
                """);

        assertThat(summary).isEqualTo(new RequestSummary("claude-opus-4-1", false));
    }

    @Test
    void nestedModelAfterTheTopLevelOneDoesNotOverwriteIt() {
        RequestSummary summary = inspect(
                """
                {"model":"top","tools":[{"name":"Task","model":"inner"}],"metadata":{"model":"inner-too"}}""");

        assertThat(summary.model()).isEqualTo("top");
    }

    @Test
    void onlyNestedModelMeansNoModel() {
        assertThat(inspect("{\"metadata\":{\"model\":\"inner\",\"stream\":true}}"))
                .isEqualTo(RequestSummary.NONE);
    }

    @Test
    void valuesOfOtherTypesOrInsideArraysDoNotCount() {
        assertThat(inspect("{\"model\":42,\"stream\":\"true\"}")).isEqualTo(RequestSummary.NONE);
        assertThat(inspect("{\"model\":[\"a\",\"b\"],\"stream\":[true]}")).isEqualTo(RequestSummary.NONE);
        assertThat(inspect("{\"model\":{\"name\":\"x\"},\"stream\":{\"on\":true}}"))
                .isEqualTo(RequestSummary.NONE);
        assertThat(inspect("{\"name\":\"model\",\"flag\":\"stream\",\"on\":true}"))
                .isEqualTo(RequestSummary.NONE);
    }

    @Test
    void keysAreMatchedExactly() {
        assertThat(inspect("{\"Model\":\"a\",\"STREAM\":true,\"model_id\":\"b\",\"streaming\":true}"))
                .isEqualTo(RequestSummary.NONE);
    }

    @Test
    void trailingWhitespaceIsFine() {
        assertThat(inspect("  {\"model\":\"m\",\"stream\":true}\r\n\t ")).isEqualTo(new RequestSummary("m", true));
    }

    @Test
    void invalidJsonSaysWhereItBroke() {
        assertThatThrownBy(() -> inspect("{\"model\":\"m\",\n  \"stream\": tru}"))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessageStartingWith("Request body is not valid JSON (line 2, column ")
                .hasMessageMatching("(?s)Request body is not valid JSON \\(line 2, column \\d+\\): .+");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"model\":\"m\"",
                "{\"model\":\"m\",}",
                "{model:\"m\"}",
                "{'model':'m'}",
                "{\"model\":\"m\"]",
                "   ",
                "not json at all"
            })
    void brokenJsonIsMalformed(String body) {
        assertThatThrownBy(() -> inspect(body))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessageStartingWith("Request body is not valid JSON");
    }

    @Test
    void emptyBodyIsMalformed() {
        assertThatThrownBy(() -> cut.inspect(new byte[0]))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("Request body is empty; expected a JSON object.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"model\":\"m\"}]", "\"model\"", "42", "true", "null"})
    void bodyThatIsNotAnObjectIsMalformed(String body) {
        assertThatThrownBy(() -> inspect(body))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("Request body must be a JSON object.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"model\":\"a\"} {\"model\":\"b\"}", "{\"model\":\"a\"}{}", "{} []", "{} x", "{}\n1"})
    void aSecondValueAfterTheObjectIsMalformed(String body) {
        assertThatThrownBy(() -> inspect(body)).isInstanceOf(MalformedBodyException.class);
    }

    @Test
    void claudeCodeRequestGivesItsModelAndStream() throws IOException {
        JsonObject body = fixtureBody();

        assertThat(inspect(body.toString())).isEqualTo(new RequestSummary("claude-opus-4-8", true));
    }

    @Test
    void claudeCodeRequestWithStreamFalseIsNotStreaming() throws IOException {
        JsonObject body =
                Json.createObjectBuilder(fixtureBody()).add("stream", false).build();

        assertThat(inspect(body.toString())).isEqualTo(new RequestSummary("claude-opus-4-8", false));
    }

    @Test
    void prettyPrintedClaudeCodeRequestGivesTheSame() throws IOException {
        StringWriter pretty = new StringWriter();
        try (var writer = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createWriter(pretty)) {
            writer.write(fixtureBody());
        }

        assertThat(inspect(pretty.toString())).isEqualTo(new RequestSummary("claude-opus-4-8", true));
    }

    private static JsonObject fixtureBody() throws IOException {
        try (Reader in = Files.newBufferedReader(Fixtures.path(Fixtures.CLAUDE_CODE_REQUEST));
                var reader = Json.createReader(in)) {
            JsonObject body = reader.readObject().getJsonObject("body");
            // the fixture holds a nested "model" (a tool's input schema) that must not win
            assertThat(body.toString()).contains("\"model\":{");
            return body;
        }
    }

    @Test
    void absurdlyDeepJsonIsTheClientsMistakeNotAnInternalError() {
        String deep = "{\"a\":" + "[".repeat(1200) + "]".repeat(1200) + "}";
        assertThatThrownBy(() ->
                        new RequestBodyInspector().inspect(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(RequestBodyInspector.MalformedBodyException.class);
    }
}

package dev.tollgate.messages.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.messages.entity.ResponseFacts;
import dev.tollgate.messages.entity.SseEvent;
import dev.tollgate.messages.entity.Usage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseAnalyzerTest {

    private final ResponseAnalyzer cut = new ResponseAnalyzer();

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static SseEvent event(String name, String data) {
        return new SseEvent(0, name, data);
    }

    @Test
    void rebuildsTextAndToolUseFromTheRecordedStream() {
        ResponseFacts facts = cut.analyzeStream(Fixtures.sseEvents(Fixtures.TEXT_AND_TOOL_USE));

        assertThat(facts.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(facts.stopReason()).isEqualTo("tool_use");
        assertThat(facts.toolCallCount()).isEqualTo(1);
        assertThat(facts.error()).isNull();

        JsonObject message = json(facts.message());
        assertThat(message.getString("id")).isEqualTo("msg_01Pnx44XDlkd6xCSdF");
        assertThat(message.getString("type")).isEqualTo("message");
        assertThat(message.getString("role")).isEqualTo("assistant");
        assertThat(message.getString("model")).isEqualTo("claude-sonnet-4-5");
        assertThat(message.getString("stop_reason")).isEqualTo("tool_use");
        assertThat(message.get("stop_sequence")).isEqualTo(JsonValue.NULL);

        var content = message.getJsonArray("content");
        assertThat(content).hasSize(2);
        assertThat(content.getJsonObject(0)).isEqualTo(json("{\"type\":\"text\",\"text\":\"Running a command.\"}"));
        JsonObject toolUse = content.getJsonObject(1);
        assertThat(toolUse.getString("type")).isEqualTo("tool_use");
        assertThat(toolUse.getString("id")).isEqualTo("toolu_01FakeToolUse0000000001");
        assertThat(toolUse.getString("name")).isEqualTo("Bash");
        assertThat(toolUse.getJsonObject("input"))
                .isEqualTo(json("{\"command\":\"echo hello-from-tool\",\"description\":\"Print a greeting\"}"));
        assertThat(toolUse).doesNotContainKey("input_json_unparsed");
    }

    @Test
    void usageIsTheCumulativeCountOfMessageDelta() {
        ResponseFacts facts = cut.analyzeStream(Fixtures.sseEvents(Fixtures.TEXT_AND_TOOL_USE));

        // message_start says output_tokens 1, message_delta 12: the final count replaces, never adds
        assertThat(facts.usage()).isEqualTo(new Usage(26, 12, 0, 0));
        JsonObject usageJson = json(facts.usageJson());
        assertThat(usageJson.getInt("input_tokens")).isEqualTo(26);
        assertThat(usageJson.getInt("output_tokens")).isEqualTo(12);
        assertThat(usageJson.getString("service_tier")).isEqualTo("standard");
        assertThat(usageJson.getJsonObject("cache_creation").getInt("ephemeral_5m_input_tokens"))
                .isZero();
        assertThat(json(facts.message()).getJsonObject("usage")).isEqualTo(usageJson);
    }

    @Test
    void rebuildsThinkingWithItsSignature() {
        ResponseFacts facts = cut.analyzeStream(Fixtures.sseEvents(Fixtures.THINKING));

        assertThat(facts.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(facts.stopReason()).isEqualTo("end_turn");
        assertThat(facts.usage()).isEqualTo(new Usage(26, 12, 0, 0));
        assertThat(facts.toolCallCount()).isZero();
        assertThat(facts.error()).isNull();

        var content = json(facts.message()).getJsonArray("content");
        assertThat(content).hasSize(2);
        assertThat(content.getJsonObject(0))
                .isEqualTo(json("{\"type\":\"thinking\",\"thinking\":\"Let me think about that.\","
                        + "\"signature\":\"fake-signature-AAAA\"}"));
        assertThat(content.getJsonObject(1))
                .isEqualTo(json("{\"type\":\"text\",\"text\":\"Hi! This is the fake upstream.\"}"));
    }

    @Test
    void eventsWithoutNameAreRecognisedByTheirType() {
        List<SseEvent> unnamed = Fixtures.sseEvents(Fixtures.THINKING).stream()
                .map(event -> new SseEvent(event.offsetMillis(), null, event.data()))
                .toList();

        assertThat(cut.analyzeStream(unnamed)).isEqualTo(cut.analyzeStream(Fixtures.sseEvents(Fixtures.THINKING)));
    }

    @Test
    void usageAndStopReasonSurviveWhenContentDeltasWereNotRetained() {
        List<SseEvent> essentials = Fixtures.sseEvents(Fixtures.TEXT_AND_TOOL_USE).stream()
                .filter(event -> event.event().startsWith("message_"))
                .toList();

        ResponseFacts facts = cut.analyzeStream(essentials);

        assertThat(facts.usage()).isEqualTo(new Usage(26, 12, 0, 0));
        assertThat(facts.stopReason()).isEqualTo("tool_use");
        assertThat(facts.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(facts.toolCallCount()).isZero();
        assertThat(json(facts.message()).getJsonArray("content")).isEmpty();
    }

    @Test
    void nullCountsInMessageDeltaDoNotEraseTheStartCounts() {
        ResponseFacts facts = cut.analyzeStream(List.of(
                event(
                        "message_start",
                        "{\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"usage\":{\"input_tokens\":10,"
                                + "\"cache_read_input_tokens\":7,\"cache_creation_input_tokens\":3,\"output_tokens\":1}}}"),
                event(
                        "message_delta",
                        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\",\"stop_sequence\":null},"
                                + "\"usage\":{\"input_tokens\":null,\"cache_read_input_tokens\":null,"
                                + "\"output_tokens\":99}}")));

        assertThat(facts.usage()).isEqualTo(new Usage(10, 99, 3, 7));
        assertThat(facts.usage().totalTokens()).isEqualTo(119);
        assertThat(facts.stopReason()).isEqualTo("max_tokens");
    }

    @Test
    void stopSequenceIsCarriedIntoTheMessage() {
        ResponseFacts facts = cut.analyzeStream(
                List.of(
                        event(
                                "message_start",
                                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"content\":[]}}"),
                        event(
                                "message_delta",
                                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"stop_sequence\",\"stop_sequence\":\"END\"}}")));

        JsonObject message = json(facts.message());
        assertThat(message.getString("stop_reason")).isEqualTo("stop_sequence");
        assertThat(message.getString("stop_sequence")).isEqualTo("END");
        assertThat(message).doesNotContainKey("usage");
        assertThat(facts.usage()).isEqualTo(Usage.NONE);
        assertThat(facts.usageJson()).isNull();
    }

    @Test
    void errorEventInAStreamIsReported() {
        List<SseEvent> events =
                new ArrayList<>(Fixtures.sseEvents(Fixtures.TEXT_AND_TOOL_USE).subList(0, 5));
        events.add(event(
                "error",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},"
                        + "\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}"));

        ResponseFacts facts = cut.analyzeStream(events);

        assertThat(facts.error()).isEqualTo("overloaded_error: Overloaded");
        assertThat(facts.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(facts.stopReason()).isNull();
        assertThat(json(facts.message())
                        .getJsonArray("content")
                        .getJsonObject(0)
                        .getString("text"))
                .isEqualTo("Running a command.");
    }

    @Test
    void streamOfOnlyAnErrorHasNoMessage() {
        ResponseFacts facts = cut.analyzeStream(List.of(event(
                "error",
                "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}")));

        assertThat(facts.error()).isEqualTo("api_error: Internal server error");
        assertThat(facts.message()).isNull();
        assertThat(facts.usage()).isEqualTo(Usage.NONE);
    }

    @Test
    void toolInputCutShortIsKeptUnparsed() {
        List<SseEvent> events = Fixtures.sseEvents(Fixtures.TEXT_AND_TOOL_USE).subList(0, 9);

        ResponseFacts facts = cut.analyzeStream(events);

        JsonObject toolUse = json(facts.message()).getJsonArray("content").getJsonObject(1);
        assertThat(toolUse.getString("input_json_unparsed")).isEqualTo("{\"command\":\"echo hello-from-tool\",");
        assertThat(toolUse.getJsonObject("input")).isEmpty();
        assertThat(facts.toolCallCount()).isEqualTo(1);
        assertThat(facts.stopReason()).isNull();
    }

    @Test
    void serverToolUseCountsAsToolCallAndCitationsAreCollected() {
        String citation = "{\"type\":\"web_search_result_location\",\"url\":\"https://example.com\","
                + "\"title\":\"Example\",\"cited_text\":\"An example.\",\"encrypted_index\":\"Eo8B\"}";
        ResponseFacts facts = cut.analyzeStream(
                List.of(
                        event(
                                "message_start",
                                "{\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"content\":[]}}"),
                        event(
                                "content_block_start",
                                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"server_tool_use\","
                                        + "\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}}}"),
                        event(
                                "content_block_delta",
                                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                                        + "\"partial_json\":\"{\\\"query\\\": \\\"example\\\"}\"}}"),
                        event(
                                "content_block_start",
                                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                        event(
                                "content_block_delta",
                                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"citations_delta\","
                                        + "\"citation\":" + citation + "}}"),
                        event(
                                "content_block_delta",
                                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"An example.\"}}"),
                        event(
                                "content_block_delta",
                                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"unknown_delta\",\"x\":1}}")));

        assertThat(facts.toolCallCount()).isEqualTo(1);
        var content = json(facts.message()).getJsonArray("content");
        assertThat(content.getJsonObject(0).getJsonObject("input")).isEqualTo(json("{\"query\":\"example\"}"));
        assertThat(content.getJsonObject(1).getString("text")).isEqualTo("An example.");
        assertThat(content.getJsonObject(1).getJsonArray("citations")).containsExactly(json(citation));
    }

    @Test
    void blocksAreOrderedByIndex() {
        ResponseFacts facts = cut.analyzeStream(
                List.of(
                        event(
                                "content_block_start",
                                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"second\"}}"),
                        event(
                                "content_block_start",
                                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"first\"}}")));

        var content = json(facts.message()).getJsonArray("content");
        assertThat(content.getJsonObject(0).getString("text")).isEqualTo("first");
        assertThat(content.getJsonObject(1).getString("text")).isEqualTo("second");
        assertThat(facts.model()).isNull();
    }

    @Test
    void noEventsGiveNoFacts() {
        assertThat(cut.analyzeStream(List.of())).isEqualTo(ResponseFacts.NONE);
    }

    @Test
    void garbageEventsAreSkippedWithoutThrowing() {
        List<SseEvent> garbage = List.of(
                event("message_start", "not json"),
                event("message_start", ""),
                event("message_start", null),
                event("message_start", "[1,2,3]"),
                event("message_start", "{\"type\":\"message_start\",\"message\":\"not an object\"}"),
                event("content_block_delta", "{\"index\":7,\"delta\":{\"type\":\"text_delta\",\"text\":\"orphan\"}}"),
                event("content_block_delta", "{\"index\":\"zero\",\"delta\":\"nope\"}"),
                event("content_block_start", "{\"index\":0,\"content_block\":[]}"),
                event("message_delta", "{\"delta\":[],\"usage\":7}"),
                event("error", "{\"error\":\"not an object\"}"),
                event(null, "{\"no\":\"type\"}"),
                event("ping", "{\"type\":\"ping\"}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{"));

        assertThat(cut.analyzeStream(garbage)).isEqualTo(ResponseFacts.NONE);
    }

    @Test
    void analyzesANonStreamedMessage() {
        String body =
                """
                {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"Let me check."},
                            {"type":"tool_use","id":"toolu_01","name":"Bash","input":{"command":"ls"}},
                            {"type":"server_tool_use","id":"srvtoolu_01","name":"web_search","input":{"query":"q"}},
                            {"type":"web_search_tool_result","tool_use_id":"srvtoolu_01","content":[]}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":2095,"output_tokens":503,"cache_creation_input_tokens":100,
                          "cache_read_input_tokens":2000,"service_tier":"standard"}}
                """;

        ResponseFacts facts = cut.analyzeJson(body);

        assertThat(facts.message()).isEqualTo(body);
        assertThat(facts.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(facts.stopReason()).isEqualTo("tool_use");
        assertThat(facts.usage()).isEqualTo(new Usage(2095, 503, 100, 2000));
        assertThat(json(facts.usageJson())).isEqualTo(json(body).getJsonObject("usage"));
        assertThat(facts.toolCallCount()).isEqualTo(2);
        assertThat(facts.error()).isNull();
    }

    @Test
    void analyzesACountTokensAnswerWithoutUsage() {
        ResponseFacts facts = cut.analyzeJson("{\"input_tokens\":2095}");

        assertThat(facts.message()).isEqualTo("{\"input_tokens\":2095}");
        assertThat(facts.usage()).isEqualTo(Usage.NONE);
        assertThat(facts.usageJson()).isNull();
        assertThat(facts.model()).isNull();
    }

    @Test
    void analyzesAnErrorBody() {
        String body = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request"
                + " tokens has exceeded your per-minute rate limit\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";

        ResponseFacts facts = cut.analyzeJson(body);

        assertThat(facts)
                .isEqualTo(new ResponseFacts(
                        body,
                        null,
                        null,
                        Usage.NONE,
                        null,
                        0,
                        "rate_limit_error: Number of request tokens has exceeded your per-minute rate limit"));
    }

    @Test
    void errorBodyWithMissingPartsIsStillDescribed() {
        assertThat(cut.analyzeJson("{\"type\":\"error\",\"error\":{\"type\":\"api_error\"}}")
                        .error())
                .isEqualTo("api_error");
        assertThat(cut.analyzeJson("{\"type\":\"error\",\"error\":{\"message\":\"boom\"}}")
                        .error())
                .isEqualTo("error: boom");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "not json",
                "<html><body>502 Bad Gateway</body></html>",
                "[1,2,3]",
                "\"a string\"",
                "42",
                "{\"usage\":",
                "{\"type\":\"error\",\"error\":"
            })
    void garbageBodiesGiveNoFactsWithoutThrowing(String body) {
        assertThat(cut.analyzeJson(body)).isEqualTo(ResponseFacts.NONE);
    }

    @Test
    void wrongTypesInAMessageAreIgnored() {
        ResponseFacts facts = cut.analyzeJson(
                "{\"model\":7,\"stop_reason\":[],\"usage\":\"lots\",\"content\":\"text\",\"type\":\"message\"}");

        assertThat(facts.model()).isNull();
        assertThat(facts.stopReason()).isNull();
        assertThat(facts.usage()).isEqualTo(Usage.NONE);
        assertThat(facts.usageJson()).isNull();
        assertThat(facts.toolCallCount()).isZero();
    }

    @Test
    void longStreamsAreRebuiltInFull() {
        List<SseEvent> events = new ArrayList<>();
        events.add(event(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        char[] expected = new char[500];
        Arrays.fill(expected, 'a');
        for (int i = 0; i < expected.length; i++) {
            events.add(
                    event(
                            "content_block_delta",
                            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}"));
        }

        ResponseFacts facts = cut.analyzeStream(events);

        assertThat(json(facts.message())
                        .getJsonArray("content")
                        .getJsonObject(0)
                        .getString("text"))
                .isEqualTo(new String(expected));
    }

    @Test
    void absurdlyDeepToolInputDoesNotStopTheAnalysis() {
        String deep = "{\"a\":" + "[".repeat(1200) + "]".repeat(1200) + "}";
        var events = java.util.List.of(
                new dev.tollgate.messages.entity.SseEvent(
                        1,
                        "content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"Bash\",\"input\":{}}}"),
                new dev.tollgate.messages.entity.SseEvent(
                        2,
                        "content_block_delta",
                        dev.tollgate.messages.control.JsonDocuments.JSON
                                .createObjectBuilder()
                                .add("type", "content_block_delta")
                                .add("index", 0)
                                .add(
                                        "delta",
                                        dev.tollgate.messages.control.JsonDocuments.JSON
                                                .createObjectBuilder()
                                                .add("type", "input_json_delta")
                                                .add("partial_json", deep))
                                .build()
                                .toString()));
        var facts = new ResponseAnalyzer().analyzeStream(events);
        assertThat(facts.toolCallCount()).isEqualTo(1);
        assertThat(facts.message()).contains("input_json_unparsed");
    }
}

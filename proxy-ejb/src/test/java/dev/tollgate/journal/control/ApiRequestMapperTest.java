package dev.tollgate.journal.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.journal.entity.ApiRequest;
import dev.tollgate.journal.entity.JournalRecord;
import dev.tollgate.messages.entity.Header;
import dev.tollgate.messages.entity.SseEvent;
import jakarta.json.Json;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiRequestMapperTest {

    private static JsonValue json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void headersBecomeAnObjectWithLowerCaseNames() {
        String headers = ApiRequestMapper.headersJson(List.of(
                new Header("Content-Type", "application/json"),
                new Header("X-Claude-Code-Session-Id", "aaf89372-44d7-4d89-a6a6-c7feaf91af11"),
                new Header("x-api-key", "****EfAA")));

        assertThat(json(headers))
                .isEqualTo(
                        json(
                                """
                        {"content-type":"application/json",
                         "x-claude-code-session-id":"aaf89372-44d7-4d89-a6a6-c7feaf91af11",
                         "x-api-key":"****EfAA"}
                        """));
    }

    @Test
    void repeatedHeadersBecomeAnArrayInTheirOrderWhateverTheCase() {
        String headers = ApiRequestMapper.headersJson(List.of(
                new Header("anthropic-beta", "claude-code-20250219"),
                new Header("accept", "application/json"),
                new Header("Anthropic-Beta", "interleaved-thinking-2025-05-14"),
                new Header("ANTHROPIC-BETA", "context-1m-2025-08-07")));

        assertThat(json(headers))
                .isEqualTo(
                        json(
                                """
                        {"anthropic-beta":["claude-code-20250219","interleaved-thinking-2025-05-14","context-1m-2025-08-07"],
                         "accept":"application/json"}
                        """));
    }

    @Test
    void headerValuesAreEscaped() {
        String value = "a \"quoted\" value with \\ and \u00e9";

        String headers = ApiRequestMapper.headersJson(List.of(new Header("x-odd", value), new Header("x-empty", "")));

        assertThat(json(headers).asJsonObject().getString("x-odd")).isEqualTo(value);
        assertThat(json(headers).asJsonObject().getString("x-empty")).isEmpty();
    }

    @Test
    void noHeadersGiveAnEmptyObject() {
        assertThat(ApiRequestMapper.headersJson(List.of())).isEqualTo("{}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}",
                "  {\"pretty\": [1, 2.5, true, null]}\n",
                "[1,2,3]",
                "\"just a string\"",
                "42",
                "null"
            })
    void validJsonIsKeptAsItIs(String text) {
        assertThat(ApiRequestMapper.asJsonDocument(bytes(text))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "<html><body><h1>502 Bad Gateway</h1></body></html>",
                "{\"truncated\":",
                "line one\nline \"two\"\twith \\ and ünïcödé",
                ""
            })
    void otherTextIsWrappedAsAJsonString(String text) {
        String document = ApiRequestMapper.asJsonDocument(bytes(text));

        assertThat(json(document)).isInstanceOf(JsonString.class);
        assertThat(((JsonString) json(document)).getString()).isEqualTo(text);
    }

    @Test
    void configuredRequestTypesAreStoredWithoutTheirBodiesAndOthersWithThem() {
        var mapper = new ApiRequestMapper(
                true,
                new dev.tollgate.usage.control.CostCalculator(dev.tollgate.usage.control.PriceTable.shipped()),
                java.util.Set.of("quota"));
        String answer = "{\"type\":\"message\",\"model\":\"claude-haiku-4-5\",\"content\":[],"
                + "\"usage\":{\"input_tokens\":8,\"output_tokens\":1}}";
        JournalRecord probe = withRequestBody(
                record(UUID.randomUUID(), false, bytes(answer), List.of(), null),
                "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"quota\"}]}");
        JournalRecord question = withRequestBody(
                record(UUID.randomUUID(), false, bytes(answer), List.of(), null),
                "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        var probeRow = mapper.toRow(probe).asConversationRequest();
        var questionRow = mapper.toRow(question).asConversationRequest();

        assertThat(probeRow.requestBody()).isNull();
        assertThat(probeRow.responseMessage()).isNull();
        assertThat(questionRow.requestBody()).contains("\"hi\"");
        assertThat(questionRow.responseMessage()).contains("claude-haiku-4-5");
    }

    private static JournalRecord withRequestBody(JournalRecord record, String body) {
        return new JournalRecord(
                record.requestId(),
                record.receivedAt(),
                record.method(),
                record.path(),
                record.query(),
                record.trainId(),
                record.domain(),
                record.accountId(),
                record.apiKeyHash(),
                record.clientAddress(),
                record.requestHeaders(),
                bytes(body),
                record.requestModel(),
                record.streaming(),
                record.responseStatus(),
                record.responseHeaders(),
                record.responseBody(),
                record.events(),
                record.firstTokenMs(),
                record.durationMs(),
                record.error(),
                record.attempt(),
                record.finalRequestId(),
                record.failedOverFrom());
    }

    @Test
    void upstreamErrorOfABodyBecomesTheRowsError() {
        String errorBody = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
        UUID requestId = UUID.fromString("0b6f4c2e-6a2f-4f0e-9f44-1e8d2b0c7a11");

        ApiRequest row = new ApiRequestMapper().toRow(record(requestId, false, bytes(errorBody), List.of(), null));

        assertThat(row.requestId()).isEqualTo("0b6f4c2e-6a2f-4f0e-9f44-1e8d2b0c7a11");
        assertThat(row.error()).isEqualTo("overloaded_error: Overloaded");
    }

    @Test
    void relayErrorAndUpstreamStreamErrorAreBothKept() {
        List<SseEvent> events = List.of(new SseEvent(
                5,
                "error",
                "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}"));

        ApiRequest row = new ApiRequestMapper()
                .toRow(record(UUID.randomUUID(), true, null, events, "Client closed the connection"));

        assertThat(row.error()).isEqualTo("Client closed the connection; upstream: api_error: Internal server error");
    }

    @Test
    void successfulExchangeHasNoError() {
        String body = "{\"type\":\"message\",\"model\":\"m\",\"content\":[],\"usage\":{\"input_tokens\":1}}";

        ApiRequest row = new ApiRequestMapper().toRow(record(UUID.randomUUID(), false, bytes(body), List.of(), null));

        assertThat(row.error()).isNull();
    }

    private static JournalRecord record(
            UUID requestId, boolean streaming, byte[] responseBody, List<SseEvent> events, String error) {
        return new JournalRecord(
                requestId,
                OffsetDateTime.of(2026, 11, 22, 4, 17, 51, 0, ZoneOffset.UTC),
                "POST",
                "/v1/messages",
                "beta=true",
                "default",
                "localhost",
                "acct-1",
                null,
                "127.0.0.1",
                List.of(new Header("user-agent", "claude-cli/2.1.197"), new Header("x-stainless-retry-count", "x")),
                bytes("{\"model\":\"m\"}"),
                "m",
                streaming,
                streaming ? 200 : 529,
                List.of(new Header("request-id", "req_1")),
                responseBody,
                events,
                null,
                12,
                error,
                1,
                null,
                null);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{\"a\":1} trailing", "{\"a\":1}\n{\"b\":2}"})
    void textWithSomethingAfterTheFirstDocumentIsKeptAsAJsonString(String text) {
        String stored = ApiRequestMapper.asJsonDocument(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(stored).startsWith("\"").endsWith("\"");
        assertThat(dev.tollgate.messages.control.JsonDocuments.isSingleDocument(stored))
                .isTrue();
    }

    @Test
    void absurdlyDeepJsonIsKeptAsAJsonStringInsteadOfFailing() {
        String deep = "{\"a\":" + "[".repeat(1200) + "]".repeat(1200) + "}";
        assertThat(ApiRequestMapper.asJsonDocument(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .startsWith("\"{");
    }
}

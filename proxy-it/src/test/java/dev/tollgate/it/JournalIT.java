package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The journal as auditors see it: one complete row per request, secrets masked, their SQL runs. */
class JournalIT {

    @Test
    void aNonStreamedRequestBecomesOneCompleteRow() throws Exception {
        HttpResponse<String> response = Http.send(Http.post("/v1/messages?beta=true", Http.SIMPLE_BODY)
                .header("x-claude-code-session-id", "session-for-journal-it")
                .header("user-agent", "journal-it/1.0")
                .header("x-train-id", "audit-train"));
        assertThat(response.statusCode()).isEqualTo(200);
        String requestId =
                response.headers().firstValue("x-tollgate-request-id").orElseThrow();

        Map<String, Object> row = JournalRows.awaitRow(requestId);
        assertThat(row.get("request_id").toString()).isEqualTo(requestId);
        assertThat(row.get("method")).isEqualTo("POST");
        assertThat(row.get("path")).isEqualTo("/v1/messages");
        assertThat(row.get("query_string")).isEqualTo("beta=true");
        assertThat(row.get("train_id")).isEqualTo("audit-train");
        assertThat(row.get("account_id"))
                .isEqualTo(TollgateStack.ACCOUNT_IDS.get(Rendezvous.accountFor("audit-train")));
        assertThat(row.get("model")).isEqualTo("claude-sonnet-4-5");
        // no system prompt: what the seeds classify as a query evaluation, not an inference
        assertThat(row.get("request_type")).isEqualTo("query_evaluation");
        assertThat(row.get("response_status")).isEqualTo(200);
        assertThat(row.get("response_streaming")).isEqualTo(false);
        assertThat(row.get("upstream_request_id"))
                .isEqualTo(response.headers().firstValue("request-id").orElseThrow());
        assertThat(row.get("claude_session_id")).isEqualTo("session-for-journal-it");
        assertThat(row.get("user_agent")).isEqualTo("journal-it/1.0");
        assertThat((Integer) row.get("duration_ms")).isNotNull().isNotNegative();
        assertThat(row.get("error")).isNull();
        assertThat(row.get("api_key_hash")).asString().hasSize(64);

        // usage as the upstream reported it, total = input + output + cache
        assertThat((Integer) row.get("input_tokens")).isPositive();
        assertThat((Integer) row.get("output_tokens")).isPositive();
        assertThat(row.get("total_tokens"))
                .isEqualTo((Integer) row.get("input_tokens")
                        + (Integer) row.get("output_tokens")
                        + (Integer) row.get("cache_creation_input_tokens")
                        + (Integer) row.get("cache_read_input_tokens"));

        // bodies are jsonb, queryable with PostgreSQL's JSON operators
        assertThat(JournalRows.scalar("SELECT body->>'model' FROM api_requests WHERE request_id = ?::uuid", requestId))
                .isEqualTo("claude-sonnet-4-5");
        assertThat(JournalRows.scalar(
                        "SELECT response_body->'content'->0->>'text' FROM api_requests WHERE request_id = ?::uuid",
                        requestId))
                .isEqualTo("Hello from the Tollgate upstream simulator.");
        assertThat(JournalRows.scalar(
                        "SELECT response_headers->>'request-id' FROM api_requests WHERE request_id = ?::uuid",
                        requestId))
                .isEqualTo(row.get("upstream_request_id"));
    }

    @Test
    void secretsAreMaskedInTheStoredHeaders() throws Exception {
        HttpResponse<String> response = Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                .header("authorization", "Bearer sk-ant-oat01-" + "a-bearer-token-that-must-not-be-stored-XYZW"));
        Map<String, Object> row = JournalRows.awaitRow(
                response.headers().firstValue("x-tollgate-request-id").orElseThrow());
        String headers = (String) row.get("headers_text");
        assertThat(headers).doesNotContain(Http.CLIENT_KEY).doesNotContain("a-bearer-token-that-must-not-be-stored");
        assertThat(headers).contains("\"x-api-key\": \"****" + Http.CLIENT_KEY.substring(Http.CLIENT_KEY.length() - 4));
        assertThat(headers).contains("\"authorization\": \"Bearer ****XYZW\"");
        // and the account's key, which Tollgate added itself, is nowhere in the row
        TollgateStack.ACCOUNT_KEYS
                .values()
                .forEach(key -> assertThat(row.values().toString()).doesNotContain(key));
    }

    @Test
    void aBodyPostgresqlRefusesAsJsonbStillLeavesARow() throws Exception {
        // valid JSON that jsonb cannot hold: a NUL character written as a JSON escape
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":8,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"nul \\u0000 inside\"}]}";
        HttpResponse<String> response = Http.send(Http.post("/v1/messages", body));
        assertThat(response.statusCode()).isEqualTo(200);

        Map<String, Object> row = JournalRows.awaitRow(
                response.headers().firstValue("x-tollgate-request-id").orElseThrow());
        assertThat(row.get("response_status")).isEqualTo(200);
        assertThat(row.get("model")).isEqualTo("claude-sonnet-4-5");
        assertThat((Integer) row.get("output_tokens")).isPositive();
        assertThat(row.get("body")).isNull();
        assertThat((String) row.get("error")).contains("bodies not stored");
    }

    @Test
    void eachRowIsPricedAtItsModelsRatesAndAnUnknownModelIsSaidToBeUnpriced() throws Exception {
        Map<String, Object> sonnet =
                JournalRows.awaitRow(requestId(Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY))));
        // claude-sonnet-4-5: $3 per million input tokens, $15 per million output tokens
        BigDecimal expected = BigDecimal.valueOf((Integer) sonnet.get("input_tokens"))
                .multiply(BigDecimal.valueOf(3))
                .add(BigDecimal.valueOf((Integer) sonnet.get("output_tokens")).multiply(BigDecimal.valueOf(15)))
                .divide(BigDecimal.valueOf(1_000_000));
        assertThat((BigDecimal) sonnet.get("cost_usd")).isEqualByComparingTo(expected);
        assertThat(sonnet.get("priced_as")).isEqualTo("claude-sonnet-4-5");

        Map<String, Object> unknown = JournalRows.awaitRow(requestId(Http.send(Http.post(
                "/v1/messages",
                "{\"model\":\"claude-imaginary-9\",\"max_tokens\":16,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))));
        assertThat((Integer) unknown.get("output_tokens")).isPositive();
        assertThat(unknown.get("cost_usd")).isNull();
        assertThat(unknown.get("priced_as")).isEqualTo("unknown-model");
    }

    @Test
    void keysPastedIntoAPromptAreMaskedInTheStoredBody() throws Exception {
        String pasted = "sk-ant-api03-" + "pasted-into-a-prompt-by-mistake-0123456789abcdefABCD";
        String clientKey = "cnp_live_another_teams_key_pasted_too_0123456789abcdef";
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"why does " + pasted + " fail, and " + clientKey + "?\"}]}";

        Map<String, Object> row = JournalRows.awaitRow(requestId(Http.send(Http.post("/v1/messages", body))));

        String stored = (String) row.get("body_text");
        assertThat(stored).doesNotContain(pasted).doesNotContain(clientKey).contains("****ABCD");
        assertThat(JournalRows.scalar(
                        "SELECT body->'messages'->0->>'content' FROM api_requests WHERE request_id = ?::uuid",
                        row.get("request_id").toString()))
                .asString()
                .startsWith("why does ");
    }

    @Test
    void claudeCodesQuotaProbeIsClassifiedAsQuota() throws Exception {
        String probe = "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":1,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"quota\"}]}";

        Map<String, Object> row = JournalRows.awaitRow(requestId(Http.send(Http.post("/v1/messages", probe))));

        assertThat(row.get("request_type")).isEqualTo("quota");
    }

    @Test
    void theTurnsOfAConversationShareItsIdAndAnEditedTurnBranches() throws Exception {
        String system = "\"system\":[{\"type\":\"text\",\"text\":\"You are a journal test.\"},"
                + "{\"type\":\"text\",\"text\":\"Conversation " + java.util.UUID.randomUUID() + "\"}]";
        String first = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16," + system
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}";
        String second = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16," + system
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"},"
                + "{\"role\":\"assistant\",\"content\":\"Once upon a time.\"},"
                + "{\"role\":\"user\",\"content\":\"Go on\"}]}";
        String edited = second.replace("Go on", "Make it shorter");

        Map<String, Object> one = JournalRows.awaitRow(requestId(Http.send(Http.post("/v1/messages", first))));
        Map<String, Object> two = JournalRows.awaitRow(requestId(Http.send(Http.post("/v1/messages", second))));
        Map<String, Object> three = JournalRows.awaitRow(requestId(Http.send(Http.post("/v1/messages", edited))));

        assertThat(one.get("request_type")).isEqualTo("inference");
        assertThat(one.get("conversation_id")).isNotNull();
        assertThat(two.get("conversation_id")).isEqualTo(one.get("conversation_id"));
        assertThat(two.get("parent_message_hash")).isEqualTo(one.get("current_message_hash"));
        assertThat(two.get("message_count")).isEqualTo(3);
        assertThat(two.get("branch_id")).isEqualTo("main");
        assertThat(three.get("conversation_id")).isEqualTo(one.get("conversation_id"));
        assertThat((String) three.get("branch_id")).startsWith("branch_");
        assertThat(three.get("system_hash")).isEqualTo(one.get("system_hash")).isNotNull();
    }

    private static String requestId(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    }
}

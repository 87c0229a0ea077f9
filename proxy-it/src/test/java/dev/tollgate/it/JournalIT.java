package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
        assertThat(row.get("request_type")).isEqualTo("inference");
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
                .header("authorization", "Bearer sk-ant-oat01-a-bearer-token-that-must-not-be-stored-XYZW"));
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
    void theAuditQueriesOfTheSeedSecurityGuideRunUnchanged() throws Exception {
        HttpResponse<String> response = Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY));
        JournalRows.awaitRow(
                response.headers().firstValue("x-tollgate-request-id").orElseThrow());
        try (Connection connection = TollgateStack.get().openDatabaseConnection();
                Statement statement = connection.createStatement()) {
            // Failed authentication attempts (verbatim from the guide)
            statement
                    .executeQuery("SELECT COUNT(*), domain, DATE(timestamp)\n"
                            + "FROM api_requests\n"
                            + "WHERE response_status = 401\n"
                            + "GROUP BY domain, DATE(timestamp)\n"
                            + "HAVING COUNT(*) > 10\n"
                            + "ORDER BY DATE(timestamp) DESC;")
                    .close();
            // Token usage spikes by account
            try (ResultSet spikes = statement.executeQuery("SELECT account_id, domain, DATE(timestamp) as usage_date,\n"
                    + "       SUM(total_tokens) as daily_tokens\n"
                    + "FROM api_requests\n"
                    + "WHERE account_id IS NOT NULL\n"
                    + "GROUP BY account_id, domain, DATE(timestamp)\n"
                    + "ORDER BY daily_tokens DESC\n"
                    + "LIMIT 20;")) {
                assertThat(spikes.next()).isTrue();
                assertThat(spikes.getString("account_id")).isIn(TollgateStack.ACCOUNT_IDS.values());
                assertThat(spikes.getLong("daily_tokens")).isPositive();
            }
            // Access by account since a suspected breach
            try (ResultSet access = statement.executeQuery("SELECT request_id, account_id, domain, timestamp,\n"
                    + "       path, response_status\n"
                    + "FROM api_requests\n"
                    + "WHERE timestamp > now() - interval '1 hour'\n"
                    + "ORDER BY timestamp DESC;")) {
                assertThat(access.next()).isTrue();
                assertThat(access.getString("domain")).isIn("localhost", "127.0.0.1");
            }
        }
    }
}

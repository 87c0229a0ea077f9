package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The seed security guide's audit queries, exactly as printed there, against a journal populated
 * with traffic whose right answer is known: they must run unchanged and return that answer.
 */
class AuditQueriesIT {

    @Test
    void failedAuthenticationAttemptsPerDomainAndDay() throws Exception {
        String noisy = "audit-" + UUID.randomUUID() + ".example.com";
        String quiet = "audit-" + UUID.randomUUID() + ".example.com";
        for (int i = 0; i < 12; i++) {
            assertThat(refusedOn(noisy)).contains(" 401 ");
        }
        for (int i = 0; i < 10; i++) {
            assertThat(refusedOn(quiet)).contains(" 401 ");
        }
        awaitRows("domain = '" + noisy + "'", 12);
        awaitRows("domain = '" + quiet + "'", 10);

        List<String> lines = rows(
                """
                SELECT COUNT(*), domain, DATE(timestamp)
                FROM api_requests
                WHERE response_status = 401
                GROUP BY domain, DATE(timestamp)
                HAVING COUNT(*) > 10
                ORDER BY DATE(timestamp) DESC;""");

        String today = OffsetDateTime.now(ZoneOffset.UTC).toLocalDate().toString();
        assertThat(lines).contains("12|" + noisy + "|" + today);
        // ten failures are not "more than 10": the guide's threshold holds
        assertThat(lines).noneMatch(line -> line.contains(quiet));
    }

    @Test
    void tokenUsageSpikesByAccount() throws Exception {
        String domain = "spike-" + UUID.randomUUID() + ".example.com";
        // a prompt large enough that this domain's day tops every other test's traffic
        String prompt = "tokens ".repeat(60_000);
        for (int i = 0; i < 3; i++) {
            assertThat(RawHttp.post(
                            "/v1/messages",
                            "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
                                    + "\"content\":\"" + prompt + "\"}]}",
                            "Host: " + domain,
                            "x-api-key: " + Http.CLIENT_KEY,
                            "MSL-Account: it-second",
                            "Content-Type: application/json",
                            "anthropic-version: 2023-06-01"))
                    .contains(" 200 ");
        }
        awaitRows("domain = '" + domain + "'", 3);
        long expected = ((Number) JournalRows.scalar(
                        "SELECT SUM(input_tokens + output_tokens + cache_creation_input_tokens"
                                + " + cache_read_input_tokens) FROM api_requests WHERE domain = ?",
                        domain))
                .longValue();
        assertThat(expected).isGreaterThan(3 * 50_000L);

        List<String> lines = rows(
                """
                -- Detect token usage spikes by account
                SELECT account_id, domain, DATE(timestamp) as usage_date,
                       SUM(total_tokens) as daily_tokens
                FROM api_requests
                WHERE account_id IS NOT NULL
                GROUP BY account_id, domain, DATE(timestamp)
                ORDER BY daily_tokens DESC
                LIMIT 20;""");

        assertThat(lines).hasSizeLessThanOrEqualTo(20);
        assertThat(lines.get(0))
                .isEqualTo(TollgateStack.ACCOUNT_IDS.get("it-second") + "|" + domain + "|"
                        + OffsetDateTime.now(ZoneOffset.UTC).toLocalDate() + "|" + expected);
    }

    @Test
    void accessLogByAccountAfterASuspectedBreach() throws Exception {
        OffsetDateTime breach = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY))
                    .headers()
                    .firstValue("x-tollgate-request-id")
                    .orElseThrow());
            Thread.sleep(5); // distinct timestamps, so the order is the order of sending
        }
        for (String id : ids) {
            JournalRows.awaitRow(id);
        }

        // the guide's statement, with the suspected breach time filled in as the guide's placeholder asks
        List<String> lines = rows(
                """
                SELECT request_id, account_id, domain, timestamp,
                       path, response_status
                FROM api_requests
                WHERE timestamp > 'suspected_breach_time'
                ORDER BY timestamp DESC;"""
                        .replace("suspected_breach_time", breach.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));

        List<String> ours = lines.stream()
                .map(line -> line.substring(0, line.indexOf('|')))
                .filter(ids::contains)
                .toList();
        assertThat(ours).containsExactly(ids.get(2), ids.get(1), ids.get(0));
        assertThat(lines)
                .filteredOn(line -> line.startsWith(ids.get(0)))
                .singleElement()
                .asString()
                .contains("|/v1/messages|200");
    }

    private static String refusedOn(String domain) throws Exception {
        return RawHttp.post(
                "/v1/messages",
                Http.SIMPLE_BODY,
                "Host: " + domain,
                "x-api-key: cnp_live_not_a_key_anyone_was_given_0000000000",
                "Content-Type: application/json");
    }

    private static void awaitRows(String condition, long count) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        long found = -1;
        while (System.currentTimeMillis() < deadline) {
            found = ((Number) JournalRows.scalar("SELECT count(*) FROM api_requests WHERE " + condition)).longValue();
            if (found >= count) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(found).as("rows where %s", condition).isEqualTo(count);
    }

    /** The result as lines of |-separated values, the way psql -A prints them. */
    private static List<String> rows(String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = TollgateStack.get().openDatabaseConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    line.append(i > 1 ? "|" : "").append(result.getString(i));
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }
}

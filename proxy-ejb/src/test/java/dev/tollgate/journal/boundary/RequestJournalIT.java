package dev.tollgate.journal.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.incontainer.EngineDeployment;
import dev.tollgate.incontainer.EngineEnvironment;
import dev.tollgate.journal.control.JournalVerifier;
import dev.tollgate.journal.entity.JournalRecord;
import dev.tollgate.messages.entity.Header;
import dev.tollgate.messages.entity.SseEvent;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The journal's write path in the container: the asynchronous writer, container-managed JPA in one
 * transaction per batch, the row-by-row retry and PostgreSQL's jsonb, all against a real PostgreSQL.
 * The records are handed to {@link RequestJournal} directly, as the relay does.
 */
@ExtendWith(EngineEnvironment.class) // first: the database must be up before Payara Micro starts
@ExtendWith(ArquillianExtension.class)
public class RequestJournalIT {

    /** Only bounds a broken build's wait: the writer flushes every 50 ms. */
    private static final long WAIT_MILLIS = 60_000;

    private static final byte[] REQUEST_BODY =
            "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESPONSE_BODY = ("{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"Hello.\"}],"
                    + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":9,\"output_tokens\":3}}")
            .getBytes(StandardCharsets.UTF_8);

    @Inject
    RequestJournal journal;

    @Inject
    JournalMaintenance maintenance;

    @Resource(lookup = "java:app/jdbc/tollgate")
    DataSource database;

    @Deployment
    public static WebArchive deployment() {
        return EngineDeployment.of(RequestJournalIT.class);
    }

    @Test
    void everyRecordBecomesOneRowAcrossSeveralBatches() {
        // more than two batches of tollgate.journal.batch-size (500)
        int records = 1200;
        String trainId = uniqueTrainId();
        long writtenBefore = journal.writtenCount();
        long droppedBefore = journal.droppedCount();

        for (int i = 0; i < records; i++) {
            journal.record(exchange(UUID.randomUUID(), trainId, REQUEST_BODY, RESPONSE_BODY));
        }

        await(
                records + " rows of train " + trainId,
                () -> rowCount(trainId) == records && journal.writtenCount() - writtenBefore >= records);
        assertThat(rowCount(
                        "SELECT count(*) FROM api_requests WHERE train_id = ? AND error IS NULL"
                                + " AND body->>'model' = 'claude-sonnet-4-5' AND output_tokens = 3",
                        trainId))
                .isEqualTo(records);
        assertThat(journal.droppedCount()).isEqualTo(droppedBefore);
    }

    @Test
    void aRowPostgresqlRefusesIsStoredWithoutBodiesAndTheRestOfItsBatchIsComplete() {
        String trainId = uniqueTrainId();
        // valid JSON, but jsonb has no text for \u0000
        byte[] refusedBody = "{\"model\":\"m\",\"text\":\"a\\u0000b\"}".getBytes(StandardCharsets.UTF_8);
        UUID refused = UUID.randomUUID();
        List<UUID> good = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                journal.record(exchange(refused, trainId, refusedBody, RESPONSE_BODY));
            }
            UUID id = UUID.randomUUID();
            good.add(id);
            journal.record(exchange(id, trainId, REQUEST_BODY, RESPONSE_BODY));
        }

        await("11 rows of train " + trainId, () -> rowCount(trainId) == 11);
        Map<String, Object> refusedRow = row(refused);
        assertThat(refusedRow.get("body")).isNull();
        assertThat(refusedRow.get("response_body")).isNull();
        assertThat((String) refusedRow.get("error")).contains("bodies not stored");
        assertThat(refusedRow.get("response_status")).isEqualTo(200);
        assertThat(refusedRow.get("output_tokens")).isEqualTo(3);
        for (UUID id : good) {
            Map<String, Object> row = row(id);
            assertThat(row.get("error")).as("error of %s", id).isNull();
            assertThat(row.get("body")).as("body of %s", id).isNotNull();
            assertThat(row.get("response_body")).as("response body of %s", id).isNotNull();
        }
    }

    @Test
    void aStreamedResponseIsRebuiltAndItsUsageLandsInTheTokenColumns() {
        String trainId = uniqueTrainId();
        UUID id = UUID.randomUUID();
        List<SseEvent> events = List.of(
                new SseEvent(
                        310,
                        "message_start",
                        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_02\",\"type\":\"message\","
                                + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
                                + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":26,"
                                + "\"cache_creation_input_tokens\":5,\"cache_read_input_tokens\":7,"
                                + "\"output_tokens\":1}}}"),
                new SseEvent(
                        311,
                        "content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":0,"
                                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                new SseEvent(
                        320,
                        "content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,"
                                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Running a\"}}"),
                new SseEvent(
                        330,
                        "content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,"
                                + "\"delta\":{\"type\":\"text_delta\",\"text\":\" command.\"}}"),
                new SseEvent(331, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                new SseEvent(
                        340,
                        "content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                                + "\"id\":\"toolu_01\",\"name\":\"Bash\",\"input\":{}}}"),
                new SseEvent(
                        350,
                        "content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                                + "\"partial_json\":\"{\\\"command\\\":\\\"echo hi\\\"}\"}}"),
                new SseEvent(351, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
                new SseEvent(
                        360,
                        "message_delta",
                        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                                + "\"usage\":{\"output_tokens\":12}}"),
                new SseEvent(361, "message_stop", "{\"type\":\"message_stop\"}"));

        journal.record(streamedExchange(id, trainId, events));

        await("the row of streamed request " + id, () -> rowCount(trainId) == 1);
        Map<String, Object> row = row(id);
        assertThat(row.get("response_streaming")).isEqualTo(true);
        assertThat(row.get("model")).isEqualTo("claude-sonnet-4-5");
        assertThat(row.get("input_tokens")).isEqualTo(26);
        assertThat(row.get("output_tokens")).isEqualTo(12);
        assertThat(row.get("cache_creation_input_tokens")).isEqualTo(5);
        assertThat(row.get("cache_read_input_tokens")).isEqualTo(7);
        assertThat(row.get("total_tokens")).isEqualTo(26 + 12 + 5 + 7);
        assertThat(row.get("tool_call_count")).isEqualTo(1);
        assertThat(row.get("stop_reason")).isEqualTo("tool_use");
        assertThat(row.get("first_token_ms")).isEqualTo(320);
        assertThat(row.get("error")).isNull();
        assertThat(scalar("SELECT response_body->>'id' FROM api_requests WHERE request_id = ?", id))
                .isEqualTo("msg_02");
        assertThat(scalar("SELECT response_body->'content'->0->>'text' FROM api_requests WHERE request_id = ?", id))
                .isEqualTo("Running a command.");
        assertThat(scalar(
                        "SELECT response_body->'content'->1->'input'->>'command' FROM api_requests"
                                + " WHERE request_id = ?",
                        id))
                .isEqualTo("echo hi");
        assertThat(scalar("SELECT response_body->'usage'->>'output_tokens' FROM api_requests WHERE request_id = ?", id))
                .isEqualTo("12");
    }

    @Test
    void theHashChainExposesAnEditedAndADeletedRow() throws SQLException {
        // a month of its own, so the damage done here stays out of the other tests' months
        String trainId = uniqueTrainId();
        OffsetDateTime base = OffsetDateTime.of(2023, 5, 10, 12, 0, 0, 0, ZoneOffset.UTC);
        for (int i = 0; i < 6; i++) {
            journal.record(recordAt(base.plusMinutes(i), trainId));
        }
        await("6 rows of train " + trainId, () -> rowCount(trainId) == 6);
        assertThat(breaksOf("2023-05")).isEmpty();
        List<UUID> ids = idsInChainOrder(trainId);

        // an auditor's worst case: someone rewrites what a request said
        String original = (String) scalar("SELECT body::text FROM api_requests WHERE request_id = ?", ids.get(2));
        update(
                "UPDATE api_requests SET body = jsonb_set(body, '{model}', '\"claude-opus-4-1\"') WHERE request_id = ?",
                ids.get(2));
        assertThat(breaksOf("2023-05"))
                .singleElement()
                .asString()
                .contains("was changed", ids.get(2).toString());

        // putting the very same content back makes the row verify again: the hash covers content
        update(
                "UPDATE api_requests SET body = CAST('" + original.replace("'", "''") + "' AS jsonb)"
                        + " WHERE request_id = ?",
                ids.get(2));
        assertThat(breaksOf("2023-05")).isEmpty();

        update("DELETE FROM api_requests WHERE request_id = ?", ids.get(3));
        assertThat(breaksOf("2023-05")).singleElement().asString().contains("deleted");

        update("DELETE FROM api_requests WHERE request_id = ?", ids.get(5));
        update("DELETE FROM api_requests WHERE request_id = ?", ids.get(4));
        update("DELETE FROM api_requests WHERE request_id = ?", ids.get(3));
        // only the tail is gone now: the month's chain head still knows there were six
        assertThat(breaksOf("2023-05")).singleElement().asString().contains("head says 6");
    }

    @Test
    void monthsRollOverIntoTheirPartitionsAndRetentionDropsWholeMonths() throws SQLException {
        maintenance.ensurePartitions(LocalDate.of(2024, 1, 1));
        String trainId = uniqueTrainId();
        OffsetDateTime lastOfJanuary = OffsetDateTime.of(2024, 1, 31, 23, 59, 59, 999_000_000, ZoneOffset.UTC);
        OffsetDateTime firstOfFebruary = OffsetDateTime.of(2024, 2, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        JournalRecord january = recordAt(lastOfJanuary, trainId);
        JournalRecord february = recordAt(firstOfFebruary, trainId);
        JournalRecord streamedInJanuary = record(
                UUID.randomUUID(),
                lastOfJanuary.minusHours(1),
                trainId,
                REQUEST_BODY,
                true,
                null,
                List.of(new SseEvent(5, "message_start", "{\"type\":\"message_start\"}")),
                null);
        journal.record(january);
        journal.record(february);
        journal.record(streamedInJanuary);
        await("3 rows of train " + trainId, () -> rowCount(trainId) == 3);
        assertThat(scalar(
                        "SELECT CAST(tableoid::regclass AS text) FROM api_requests WHERE request_id = ?",
                        january.requestId()))
                .isEqualTo("api_requests_y2024m01");
        assertThat(scalar(
                        "SELECT CAST(tableoid::regclass AS text) FROM api_requests WHERE request_id = ?",
                        february.requestId()))
                .isEqualTo("api_requests_y2024m02");
        assertThat(scalar(
                        "SELECT CAST(tableoid::regclass AS text) FROM streaming_chunks WHERE request_id = ?",
                        streamedInJanuary.requestId()))
                .isEqualTo("streaming_chunks_y2024m01");

        // keep from 10 February 2024: January has ended before that, February has not
        List<String> dropped = maintenance.applyRetention(LocalDate.of(2024, 2, 10));

        assertThat(dropped)
                .contains("api_requests_y2024m01", "streaming_chunks_y2024m01")
                .doesNotContain("api_requests_y2024m02");
        assertThat(rowCount(trainId)).isEqualTo(1);
        assertThat(scalar("SELECT count(*) FROM streaming_chunks WHERE request_id = ?", streamedInJanuary.requestId()))
                .isEqualTo(0L);
        assertThat(scalar(
                        "SELECT last_seq FROM journal_retention_log WHERE month = DATE '2024-01-01'"
                                + " AND table_name = ?",
                        "api_requests"))
                .isEqualTo(2L);
        // what is left still verifies, and the dropped month is reported as retired, not as broken
        JournalVerifier.Report report = verify();
        assertThat(report.breaks()).noneMatch(line -> line.startsWith("2024-"));
        assertThat(report.retiredMonths()).contains(LocalDate.of(2024, 1, 1));
    }

    private JournalVerifier.Report verify() throws SQLException {
        try (Connection connection = database.getConnection()) {
            return JournalVerifier.verify(connection);
        }
    }

    private List<String> breaksOf(String month) throws SQLException {
        return verify().breaks().stream().filter(line -> line.startsWith(month)).toList();
    }

    private List<UUID> idsInChainOrder(String trainId) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT request_id FROM api_requests WHERE train_id = ? ORDER BY chain_seq")) {
            statement.setString(1, trainId);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    private void update(String sql, UUID id) {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, id);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static String uniqueTrainId() {
        return "journal-it-" + UUID.randomUUID();
    }

    private static JournalRecord exchange(UUID id, String trainId, byte[] requestBody, byte[] responseBody) {
        return record(id, trainId, requestBody, false, responseBody, List.of(), null);
    }

    private static JournalRecord streamedExchange(UUID id, String trainId, List<SseEvent> events) {
        return record(id, trainId, REQUEST_BODY, true, null, events, 320L);
    }

    private static JournalRecord record(
            UUID id,
            String trainId,
            byte[] requestBody,
            boolean streaming,
            byte[] responseBody,
            List<SseEvent> events,
            Long firstTokenMs) {
        return record(id, OffsetDateTime.now(), trainId, requestBody, streaming, responseBody, events, firstTokenMs);
    }

    private static JournalRecord recordAt(OffsetDateTime receivedAt, String trainId) {
        return record(UUID.randomUUID(), receivedAt, trainId, REQUEST_BODY, false, RESPONSE_BODY, List.of(), null);
    }

    private static JournalRecord record(
            UUID id,
            OffsetDateTime receivedAt,
            String trainId,
            byte[] requestBody,
            boolean streaming,
            byte[] responseBody,
            List<SseEvent> events,
            Long firstTokenMs) {
        return new JournalRecord(
                id,
                receivedAt,
                "POST",
                "/v1/messages",
                null,
                trainId,
                "localhost",
                "account-it",
                null,
                "127.0.0.1",
                List.of(new Header("content-type", "application/json"), new Header("user-agent", "journal-it/1.0")),
                requestBody,
                "claude-sonnet-4-5",
                streaming,
                200,
                List.of(
                        new Header("content-type", streaming ? "text/event-stream" : "application/json"),
                        new Header("request-id", "req_" + id)),
                responseBody,
                events,
                firstTokenMs,
                420,
                null,
                1,
                null,
                null);
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within " + WAIT_MILLIS + " ms: " + what + " (journal written "
                        + journal.writtenCount() + ", queued " + journal.queueDepth() + ", dropped "
                        + journal.droppedCount() + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private long rowCount(String trainId) {
        return rowCount("SELECT count(*) FROM api_requests WHERE train_id = ?", trainId);
    }

    private long rowCount(String sql, String trainId) {
        return ((Number) scalar(sql, trainId)).longValue();
    }

    private Object scalar(String sql, Object parameter) {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The row as JDBC gives it, jsonb columns as text. */
    private Map<String, Object> row(UUID id) {
        String sql = "SELECT request_id, response_status, response_streaming, model, input_tokens, output_tokens,"
                + " cache_creation_input_tokens, cache_read_input_tokens, total_tokens, tool_call_count,"
                + " stop_reason, first_token_ms, error, body::text AS body, response_body::text AS response_body"
                + " FROM api_requests WHERE request_id = ?";
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, id);
            try (ResultSet result = statement.executeQuery()) {
                assertThat(result.next()).as("a row for request %s", id).isTrue();
                ResultSetMetaData meta = result.getMetaData();
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), result.getObject(i));
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}

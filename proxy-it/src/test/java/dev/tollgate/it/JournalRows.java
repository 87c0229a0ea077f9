package dev.tollgate.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads journal rows straight from PostgreSQL, as an auditor would. */
final class JournalRows {

    /** Generous: the journal writes within ~50 ms; this only bounds a broken build's wait. */
    private static final long WAIT_MILLIS = 15_000;

    private static final String SELECT_ROW = "SELECT *, headers::text AS headers_text, body::text AS body_text,"
            + " response_body::text AS response_body_text, response_headers::text AS response_headers_text"
            + " FROM api_requests";

    private JournalRows() {}

    /** The row of a request id, waiting for the asynchronous writer; fails if it never comes. */
    static Map<String, Object> awaitRow(String requestId) throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Map<String, Object> row = find(requestId);
            if (row != null) {
                return row;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no api_requests row for request " + requestId + " after " + WAIT_MILLIS + " ms");
    }

    /**
     * The rows whose {@code column} equals {@code value}, oldest first, once at least {@code expected} are
     * there; fails if they never come. For requests a test cannot name by id, e.g. a Claude Code session's.
     */
    static List<Map<String, Object>> awaitRowsWhere(String column, Object value, int expected)
            throws SQLException, InterruptedException {
        if (!column.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a column name: " + column);
        }
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        List<Map<String, Object>> rows = List.of();
        while (System.currentTimeMillis() < deadline) {
            rows = findWhere(column, value);
            if (rows.size() >= expected) {
                return rows;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("only " + rows.size() + " of " + expected + " api_requests rows with " + column + " = "
                + value + " after " + WAIT_MILLIS + " ms");
    }

    private static List<Map<String, Object>> findWhere(String column, Object value) throws SQLException {
        try (Connection connection = TollgateStack.get().openDatabaseConnection();
                PreparedStatement statement = connection.prepareStatement(
                        SELECT_ROW + " WHERE " + column + " = ? ORDER BY timestamp, created_at")) {
            statement.setObject(1, value);
            try (ResultSet result = statement.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (result.next()) {
                    rows.add(toMap(result));
                }
                return rows;
            }
        }
    }

    /**
     * The row of the request a client sent with this test id header, for clients that do not show
     * Tollgate's request id (SDKs, Node, Claude Code); fails if it never comes.
     */
    static Map<String, Object> awaitRowOfTest(String testId) throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Object requestId = scalar(
                    "SELECT CAST(request_id AS text) FROM api_requests WHERE headers ->> '" + Upstream.TEST_ID
                            + "' = ?",
                    testId);
            if (requestId != null) {
                return awaitRow(requestId.toString());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no api_requests row for test " + testId + " after " + WAIT_MILLIS + " ms");
    }

    static Map<String, Object> find(String requestId) throws SQLException {
        try (Connection connection = TollgateStack.get().openDatabaseConnection();
                PreparedStatement statement = connection.prepareStatement(SELECT_ROW + " WHERE request_id = ?")) {
            statement.setObject(1, UUID.fromString(requestId));
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? toMap(result) : null;
            }
        }
    }

    private static Map<String, Object> toMap(ResultSet result) throws SQLException {
        ResultSetMetaData meta = result.getMetaData();
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnLabel(i), result.getObject(i));
        }
        return row;
    }

    static Object scalar(String sql, Object... parameters) throws SQLException {
        try (Connection connection = TollgateStack.get().openDatabaseConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getObject(1) : null;
            }
        }
    }
}

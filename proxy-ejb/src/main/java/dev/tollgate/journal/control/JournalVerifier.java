package dev.tollgate.journal.control;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Walks the hash chain of {@code api_requests} month by month and reports where it breaks: a row
 * changed after it was written (its hash no longer matches), rows deleted (a gap in the sequence,
 * or fewer rows than the month's chain head says), or rows without a chain at all.
 *
 * <p>The row digest is computed by PostgreSQL ({@code journal_row_digest}, the same canonical form
 * the insert trigger hashed); the chaining itself is recomputed here, so a forged head or hash
 * column does not verify. Plain JDBC, so {@code ./tollgate verify-journal} runs it without a server.
 */
public final class JournalVerifier {

    private static final String GENESIS = "0".repeat(64);

    /** The outcome: rows checked per month, and every break found (the first of each month). */
    public record Report(Map<LocalDate, Long> rowsByMonth, List<String> breaks, Set<LocalDate> retiredMonths) {

        public boolean intact() {
            return breaks.isEmpty();
        }

        public long rows() {
            return rowsByMonth.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private JournalVerifier() {}

    public static Report verify(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // a cursor, so a large month streams instead of loading whole
        try {
            Map<LocalDate, Long> rows = new LinkedHashMap<>();
            List<String> breaks = new ArrayList<>();
            Map<LocalDate, Head> heads = heads(connection);
            Set<LocalDate> retired = retiredMonths(connection);
            for (LocalDate month : monthsWithRows(connection)) {
                if (!heads.containsKey(month)) {
                    breaks.add(
                            month + ": rows without a chain head (journal_chain_heads row deleted or never written)");
                }
            }
            for (Map.Entry<LocalDate, Head> head : heads.entrySet()) {
                verifyMonth(connection, head.getKey(), head.getValue(), rows, breaks);
            }
            connection.commit();
            return new Report(rows, breaks, retired);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void verifyMonth(
            Connection connection, LocalDate month, Head head, Map<LocalDate, Long> rows, List<String> breaks)
            throws SQLException {
        MessageDigest sha256 = sha256();
        HexFormat hex = HexFormat.of();
        long expectedSeq = 1;
        String previous = GENESIS;
        long count = 0;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT request_id, chain_seq, chain_hash, journal_row_digest(r) FROM api_requests r"
                        + " WHERE timestamp >= CAST(? AS date) AT TIME ZONE 'UTC'"
                        + " AND timestamp < (CAST(? AS date) + INTERVAL '1 month') AT TIME ZONE 'UTC'"
                        + " ORDER BY chain_seq NULLS FIRST")) {
            statement.setFetchSize(1000);
            statement.setString(1, month.toString());
            statement.setString(2, month.toString());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    count++;
                    String requestId = result.getString(1);
                    long seq = result.getLong(2);
                    if (result.wasNull()) {
                        breaks.add(month + ": row " + requestId + " has no place in the chain (inserted around it)");
                        rows.put(month, count);
                        return;
                    }
                    String stored = result.getString(3);
                    if (seq != expectedSeq) {
                        breaks.add(month + ": "
                                + (seq > expectedSeq
                                        ? "row(s) " + expectedSeq + (seq - 1 > expectedSeq ? "-" + (seq - 1) : "")
                                                + " deleted (the chain jumps to " + seq + " at request " + requestId
                                                + ")"
                                        : "sequence " + seq + " appears twice (request " + requestId + ")"));
                        rows.put(month, count);
                        return;
                    }
                    sha256.update(hex.parseHex(previous));
                    sha256.update(hex.parseHex(result.getString(4)));
                    String recomputed = hex.formatHex(sha256.digest());
                    if (!recomputed.equals(stored)) {
                        breaks.add(month + ": row " + seq + " (request " + requestId
                                + ") was changed after it was written (its hash no longer matches)");
                        rows.put(month, count);
                        return;
                    }
                    previous = stored;
                    expectedSeq++;
                }
            }
        }
        rows.put(month, count);
        if (expectedSeq - 1 != head.lastSeq() || !previous.equals(head.lastHash())) {
            breaks.add(month + ": the chain ends at row " + (expectedSeq - 1) + " but its head says " + head.lastSeq()
                    + " (the last row(s) were deleted, or the head was altered)");
        }
    }

    private record Head(long lastSeq, String lastHash) {}

    private static Map<LocalDate, Head> heads(Connection connection) throws SQLException {
        Map<LocalDate, Head> heads = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT month, last_seq, last_hash FROM journal_chain_heads ORDER BY month");
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                heads.put(result.getDate(1).toLocalDate(), new Head(result.getLong(2), result.getString(3)));
            }
        }
        return heads;
    }

    private static Set<LocalDate> retiredMonths(Connection connection) throws SQLException {
        Set<LocalDate> months = new TreeSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT month FROM journal_retention_log WHERE table_name = 'api_requests'");
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                months.add(result.getDate(1).toLocalDate());
            }
        }
        return months;
    }

    private static Set<LocalDate> monthsWithRows(Connection connection) throws SQLException {
        Set<LocalDate> months = new TreeSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT DISTINCT CAST(date_trunc('month', timestamp AT TIME ZONE 'UTC') AS date)"
                                + " FROM api_requests");
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                months.add(result.getDate(1).toLocalDate());
            }
        }
        return months;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

package dev.tollgate.cli;

import dev.tollgate.database.control.DatabaseUrl;
import dev.tollgate.journal.control.JournalVerifier;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./tollgate verify-journal}: recomputes the hash chain of {@code api_requests} and reports
 * the first break of each month (an edited row, deleted rows). For auditors; reads only.
 */
@Command(
        name = "verify-journal",
        mixinStandardHelpOptions = true,
        description = "Check the journal's hash chain: report edited or deleted api_requests rows.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:chain intact", "1:chain broken (see the report)", "2:database not reachable"})
public class VerifyJournalCommand implements Callable<Integer> {

    static final int INTACT = 0;
    static final int BROKEN = 1;
    static final int UNREACHABLE = 2;

    @Option(
            names = "--database-url",
            defaultValue =
                    "${env:DATABASE_URL:-postgresql://postgres@localhost:${env:TOLLGATE_EMBEDDED_DB_PORT:-15432}/tollgate}",
            description = "libpq or JDBC URL (default: DATABASE_URL, else the embedded database of ./tollgate run).")
    String databaseUrl;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        DatabaseUrl location;
        try {
            location = DatabaseUrl.parse(databaseUrl);
        } catch (IllegalArgumentException e) {
            System.err.println("verify-journal: " + e.getMessage());
            return UNREACHABLE;
        }
        Properties credentials = new Properties();
        if (!location.user().isEmpty()) {
            credentials.setProperty("user", location.user());
        }
        if (!location.password().isEmpty()) {
            credentials.setProperty("password", location.password());
        }
        try (Connection connection = DriverManager.getConnection(location.jdbcUrl(), credentials)) {
            JournalVerifier.Report report = JournalVerifier.verify(connection);
            report.rowsByMonth()
                    .forEach((month, rows) -> out.println(month.toString().substring(0, 7) + "  " + rows + " row(s)"));
            if (!report.retiredMonths().isEmpty()) {
                out.println("Dropped by retention (journal_retention_log): " + report.retiredMonths());
            }
            if (report.intact()) {
                out.println("Journal chain intact: " + report.rows() + " row(s) in "
                        + report.rowsByMonth().size() + " month(s) verified.");
                return INTACT;
            }
            out.println("JOURNAL CHAIN BROKEN:");
            report.breaks().forEach(line -> out.println("  " + line));
            return BROKEN;
        } catch (SQLException e) {
            System.err.println("verify-journal: cannot read the journal at " + location + ": " + e.getMessage());
            return UNREACHABLE;
        }
    }
}

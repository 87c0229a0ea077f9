package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.cli.TollgateCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./tollgate verify-journal} as an auditor runs it, against the journal the other tests filled. */
class VerifyJournalIT {

    @Test
    void anIntactJournalVerifiesAndAnEditedRowIsReportedWithItsMonth() throws Exception {
        // something journaled through the proxy, so the chain has rows written by Tollgate itself
        JournalRows.awaitRow(Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY))
                .headers()
                .firstValue("x-tollgate-request-id")
                .orElseThrow());
        String url = TollgateStack.get().database().libpqUrl();

        Result intact = run("verify-journal", "--database-url", url);
        assertThat(intact.exitCode()).as(intact.output()).isZero();
        assertThat(intact.output()).contains("Journal chain intact");

        // a month of its own, so the break stays out of every other month
        try (Connection connection = TollgateStack.get().openDatabaseConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO api_requests (request_id, timestamp, method, path)"
                    + " VALUES (gen_random_uuid(), TIMESTAMPTZ '2022-03-15 10:00:00+00', 'POST', '/v1/messages'),"
                    + " (gen_random_uuid(), TIMESTAMPTZ '2022-03-15 10:01:00+00', 'POST', '/v1/messages')");
            assertThat(run("verify-journal", "--database-url", url).exitCode()).isZero();
            statement.executeUpdate("UPDATE api_requests SET response_status = 200"
                    + " WHERE timestamp = TIMESTAMPTZ '2022-03-15 10:00:00+00'");
        }

        Result broken = run("verify-journal", "--database-url", url);
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.output()).contains("JOURNAL CHAIN BROKEN", "2022-03-01: row 1 ", "was changed");
        assertThat(broken.output())
                .doesNotContain(java.time.LocalDate.now().toString().substring(0, 7) + "-01:");
    }

    @Test
    void anUnreachableDatabaseIsExitCode2() {
        assertThat(run("verify-journal", "--database-url", "postgresql://nobody@127.0.0.1:1/none")
                        .exitCode())
                .isEqualTo(2);
    }

    private record Result(int exitCode, String output) {}

    private static synchronized Result run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exitCode = new CommandLine(new TollgateCli()).execute(args);
            return new Result(exitCode, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}

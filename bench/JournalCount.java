import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * For bench/run.sh: how many requests Tollgate has journaled, so that the benchmark can tell whether
 * the journal kept up (run as a single source file with the PostgreSQL driver on the class path):
 *
 * <pre>java -cp tollgate-cli/target/lib/postgresql-*.jar bench/JournalCount.java 15532</pre>
 *
 * Prints {@code JOURNAL rows=N non200=M streaming=S}.
 */
public class JournalCount {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/tollgate?user=postgres&connectTimeout=10";
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*),"
                        + " count(*) FILTER (WHERE response_status IS DISTINCT FROM 200),"
                        + " count(*) FILTER (WHERE response_streaming) FROM api_requests")) {
            result.next();
            System.out.printf(
                    "JOURNAL rows=%d non200=%d streaming=%d%n", result.getLong(1), result.getLong(2), result.getLong(3));
        }
    }
}

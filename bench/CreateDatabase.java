import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * For bench/lib.sh: creates a database in the benchmark's PostgreSQL unless it exists, so that a
 * second Tollgate that journals too writes into tables of its own (two writers on one hash chain
 * would wait for each other, and for a JVM stopped while measuring the other); run as a single
 * source file with the PostgreSQL driver on the class path:
 *
 * <pre>java -cp tollgate-cli/target/lib/postgresql-*.jar bench/CreateDatabase.java 15532 tollgate_second</pre>
 */
public class CreateDatabase {
    public static void main(String[] args) throws Exception {
        String name = args[1];
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/postgres?user=postgres&connectTimeout=10";
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + name);
        }
    }
}

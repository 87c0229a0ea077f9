package dev.tollgate.monitoring.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Asks PostgreSQL every {@code tollgate.health.database-interval-seconds} whether it answers, in the
 * background, and keeps the last answer for {@link DatabaseHealth}: a health request never waits
 * for a connection (with the database gone, getting one can take as long as the pool's wait).
 *
 * <p>An EJB with a non-persistent interval timer, because the data source is declared on an EJB
 * ({@code SchemaMigration}): in the EAR on Payara Server, CDI beans and managed-executor tasks
 * cannot see {@code java:app/jdbc/tollgate}, EJBs can.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
// probe() may block while the database is away: health reads go on meanwhile, without a lock
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class DatabaseProbe {

    @Resource(lookup = "java:app/jdbc/tollgate")
    DataSource dataSource;

    @Resource
    TimerService timers;

    @Inject
    @ConfigProperty(name = "tollgate.health.database-interval-seconds", defaultValue = "2")
    int intervalSeconds;

    private volatile Result last = new Result(false, "not checked yet", 0, System.currentTimeMillis());

    /** One answer of the database: whether it came, how long it took, and when. */
    public record Result(boolean up, String error, long nanos, long atMillis) {}

    @PostConstruct
    void start() {
        long interval = Math.max(1, intervalSeconds) * 1000L;
        timers.createIntervalTimer(0, interval, new TimerConfig("database probe", false));
    }

    @Timeout
    void probe() {
        long began = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(intervalSeconds + 1);
            last = new Result(valid, valid ? null : "connection not valid", System.nanoTime() - began, now());
        } catch (SQLException | RuntimeException e) {
            // the message names host and port at most: JDBC drivers do not put passwords in them
            last = new Result(
                    false, e.getClass().getSimpleName() + ": " + e.getMessage(), System.nanoTime() - began, now());
        }
    }

    public Result last() {
        return last;
    }

    public int intervalSeconds() {
        return Math.max(1, intervalSeconds);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}

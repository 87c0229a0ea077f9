package dev.tollgate.journal.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the journal's monthly partitions ahead of the clock and drops the months that retention no
 * longer keeps. Dropping a whole partition is instant and leaves no bloat, unlike deleting rows;
 * before a month goes, its chain head is written to {@code journal_retention_log} so an auditor
 * can tell a month that retention dropped from rows someone deleted.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class JournalMaintenance {

    private static final Logger LOG = Logger.getLogger(JournalMaintenance.class.getName());
    private static final Pattern PARTITION = Pattern.compile("(api_requests|streaming_chunks)_y(\\d{4})m(\\d{2})");
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("'y'yyyy'm'MM");

    /** Days of journal to keep; 0 keeps everything (the default: only an operator decides to delete). */
    @Inject
    @ConfigProperty(name = "RETENTION_DAYS", defaultValue = "0")
    int retentionDays;

    /** Months of partitions created ahead, so no month ever starts without its partition. */
    @Inject
    @ConfigProperty(name = "tollgate.journal.partitions-ahead-months", defaultValue = "2")
    int monthsAhead;

    @PersistenceContext(unitName = "journal")
    EntityManager entityManager;

    @PostConstruct
    void atStartup() {
        maintain();
    }

    // Hourly: cheap (a catalogue look-up when nothing is due) and soon after any restart or clock change.
    @Schedule(hour = "*", minute = "13", persistent = false)
    void hourly() {
        maintain();
    }

    public void maintain() {
        ensurePartitions(LocalDate.now(ZoneOffset.UTC));
        if (retentionDays > 0) {
            applyRetention(LocalDate.now(ZoneOffset.UTC).minusDays(retentionDays));
        }
    }

    /** Creates the partitions of this month and the next {@code partitions-ahead-months}. */
    public int ensurePartitions(LocalDate today) {
        Number created = (Number) entityManager
                .createNativeQuery("SELECT journal_ensure_partitions(CAST(?1 AS date), CAST(?2 AS date))")
                .setParameter(1, today.withDayOfMonth(1).toString())
                .setParameter(2, today.plusMonths(monthsAhead).withDayOfMonth(1).toString())
                .getSingleResult();
        if (created.intValue() > 0) {
            LOG.info(() -> "Journal: " + created + " monthly partition(s) created");
        }
        return created.intValue();
    }

    /**
     * Drops every monthly partition whose whole month ended before {@code keepFrom}: rows are kept
     * for at least the retention period, and at most a month longer.
     *
     * @return the partitions dropped
     */
    public List<String> applyRetention(LocalDate keepFrom) {
        List<String> dropped = new ArrayList<>();
        for (String partition : monthlyPartitions()) {
            Matcher name = PARTITION.matcher(partition);
            if (!name.matches()) {
                continue;
            }
            YearMonth month = YearMonth.of(Integer.parseInt(name.group(2)), Integer.parseInt(name.group(3)));
            if (!month.plusMonths(1).atDay(1).isAfter(keepFrom)) {
                drop(name.group(1), partition, month);
                dropped.add(partition);
            }
        }
        if (!dropped.isEmpty()) {
            LOG.info(() -> "Journal retention (" + retentionDays + " days): dropped " + dropped);
        }
        return dropped;
    }

    private void drop(String table, String partition, YearMonth month) {
        String monthStart = month.atDay(1).toString();
        if (table.equals("api_requests")) {
            // the chain head of the month goes to the log: verify-journal then knows the month was retired
            entityManager
                    .createNativeQuery("INSERT INTO journal_retention_log (month, table_name, last_seq, last_hash)"
                            + " SELECT month, 'api_requests', last_seq, last_hash FROM journal_chain_heads"
                            + " WHERE month = CAST(?1 AS date)"
                            + " UNION ALL SELECT CAST(?1 AS date), 'api_requests', NULL, NULL"
                            + " WHERE NOT EXISTS (SELECT 1 FROM journal_chain_heads WHERE month = CAST(?1 AS date))"
                            + " ON CONFLICT DO NOTHING")
                    .setParameter(1, monthStart)
                    .executeUpdate();
            entityManager
                    .createNativeQuery("DELETE FROM journal_chain_heads WHERE month = CAST(?1 AS date)")
                    .setParameter(1, monthStart)
                    .executeUpdate();
        } else {
            entityManager
                    .createNativeQuery("INSERT INTO journal_retention_log (month, table_name) VALUES (CAST(?1 AS date),"
                            + " 'streaming_chunks') ON CONFLICT DO NOTHING")
                    .setParameter(1, monthStart)
                    .executeUpdate();
        }
        // the name comes from the catalogue and matched PARTITION: nothing from outside reaches this DDL
        entityManager
                .createNativeQuery("DROP TABLE IF EXISTS " + table + "_" + month.format(SUFFIX))
                .executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private List<String> monthlyPartitions() {
        return entityManager
                .createNativeQuery("SELECT CAST(c.relname AS text) FROM pg_inherits i"
                        + " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent"
                        + " WHERE p.relname IN ('api_requests', 'streaming_chunks') ORDER BY 1")
                .getResultList();
    }
}

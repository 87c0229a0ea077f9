package dev.tollgate.database.control;

/**
 * The dashboard's view of the database: {@code DASHBOARD_DATABASE_URL} when set (a role of its own,
 * see {@code config/database/dashboard-role.sql}), else the engine's {@code DATABASE_URL}, with
 * every connection read-only: the dashboard reads the journal and cannot change a row of it,
 * whatever a bug or an injected query tries. PostgreSQL itself refuses writes in a read-only
 * transaction.
 */
public class ReadOnlyTollgateDataSource extends TollgateDataSource {

    private static final long serialVersionUID = 1L;

    public ReadOnlyTollgateDataSource() {
        super(DashboardTollgateDataSource.URL_VARIABLES);
        setReadOnly(true);
        setApplicationName("tollgate-dashboard");
    }
}

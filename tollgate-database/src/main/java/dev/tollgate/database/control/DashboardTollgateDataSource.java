package dev.tollgate.database.control;

/**
 * The dashboard's writable connection, for its only writes (client keys and its audit log):
 * {@code DASHBOARD_DATABASE_URL} when set, else {@code DATABASE_URL}.
 */
public class DashboardTollgateDataSource extends TollgateDataSource {

    private static final long serialVersionUID = 1L;

    static final String[] URL_VARIABLES = {"DASHBOARD_DATABASE_URL", "DATABASE_URL"};

    public DashboardTollgateDataSource() {
        super(URL_VARIABLES);
        setApplicationName("tollgate-dashboard-admin");
    }
}

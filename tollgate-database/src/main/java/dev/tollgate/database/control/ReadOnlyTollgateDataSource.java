package dev.tollgate.database.control;

/**
 * The same database as {@link TollgateDataSource}, with every connection read-only: the dashboard
 * reads the journal and cannot change a row of it, whatever a bug or an injected query tries.
 * PostgreSQL itself refuses writes in a read-only transaction.
 */
public class ReadOnlyTollgateDataSource extends TollgateDataSource {

    private static final long serialVersionUID = 1L;

    public ReadOnlyTollgateDataSource() {
        setReadOnly(true);
        setApplicationName("tollgate-dashboard");
    }
}

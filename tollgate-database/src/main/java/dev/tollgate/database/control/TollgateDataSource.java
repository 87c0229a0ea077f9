package dev.tollgate.database.control;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL data source, configured from {@code DATABASE_URL} in either form operators use
 * (libpq {@code postgresql://user:pass@host/db?sslmode=require} or JDBC), or from
 * {@code tollgate.db.url}, {@code tollgate.db.user} and {@code tollgate.db.password}.
 *
 * <p>Why a class of our own: the container resolves {@code ${MPCONFIG=...}} in a data source
 * definition before the application's configuration is visible, and the JDBC driver does not read
 * libpq URLs. The container creates this class with the application's class loader, so here the
 * application's MicroProfile Config (environment variables included) is available.
 */
public class TollgateDataSource extends PGSimpleDataSource {

    private static final long serialVersionUID = 1L;

    public TollgateDataSource() {
        this("DATABASE_URL");
    }

    /** @param urlVariables where the address may be set, the first present wins */
    protected TollgateDataSource(String... urlVariables) {
        DatabaseUrl location =
                locate(ConfigProvider.getConfig(TollgateDataSource.class.getClassLoader()), urlVariables);
        setURL(location.jdbcUrl());
        if (!location.user().isEmpty()) {
            setUser(location.user());
        }
        if (!location.password().isEmpty()) {
            setPassword(location.password());
        }
        // strings go untyped, so PostgreSQL casts them into the jsonb and uuid columns itself
        setStringType("unspecified");
        // the journal's JDBC batches become multi-row inserts
        setReWriteBatchedInserts(true);
        setApplicationName("tollgate");
        // a refused statement must not carry its values (prompts, answers) into exception messages and logs
        setLogServerErrorDetail(false);
    }

    static DatabaseUrl locate(Config config) {
        return locate(config, "DATABASE_URL");
    }

    static DatabaseUrl locate(Config config, String... urlVariables) {
        for (String variable : urlVariables) {
            var databaseUrl = config.getOptionalValue(variable, String.class);
            if (databaseUrl.isPresent()) {
                return DatabaseUrl.parse(databaseUrl.get());
            }
        }
        DatabaseUrl explicit = DatabaseUrl.parse(config.getValue("tollgate.db.url", String.class));
        return new DatabaseUrl(
                explicit.jdbcUrl(),
                config.getOptionalValue("tollgate.db.user", String.class).orElse(explicit.user()),
                config.getOptionalValue("tollgate.db.password", String.class).orElse(explicit.password()));
    }
}

package dev.tollgate.oauth.boundary;

import dev.tollgate.credentials.entity.Account;
import dev.tollgate.oauth.entity.OAuthAccountState;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Records an account's token state in {@code oauth_accounts}, for the dashboard and auditors. */
@Stateless
public class OAuthStateRecorder {

    @PersistenceContext(unitName = "journal")
    EntityManager entityManager;

    /** @param state the token state of an OAuth account; null for an API key account */
    public void record(Account account, OAuthAccountState state) {
        if (state == null) {
            entityManager
                    .createNativeQuery(
                            "INSERT INTO oauth_accounts (account_name, account_id, credential_type, credential_file,"
                                    + " updated_at) VALUES (?1, ?2, ?3, ?4, now()) ON CONFLICT (account_name) DO UPDATE"
                                    + " SET account_id = EXCLUDED.account_id, credential_type = EXCLUDED.credential_type,"
                                    + " credential_file = EXCLUDED.credential_file, expires_at = NULL,"
                                    + " relogin_required = false, updated_at = now()")
                    .setParameter(1, account.name())
                    .setParameter(2, account.accountId())
                    .setParameter(3, account.type().fileValue())
                    .setParameter(4, account.source().toString())
                    .executeUpdate();
            return;
        }
        entityManager
                .createNativeQuery("INSERT INTO oauth_accounts (account_name, account_id, credential_type, expires_at,"
                        + " last_refresh_at, last_error, last_error_at, refresh_count, failure_count, relogin_required,"
                        + " credential_file, updated_at) VALUES (?1, ?2, ?3, CAST(?4 AS TIMESTAMPTZ),"
                        + " CAST(?5 AS TIMESTAMPTZ), CAST(?6 AS TEXT), CASE WHEN CAST(?6 AS TEXT) IS NULL THEN NULL ELSE now() END,"
                        + " ?7, ?8, ?9, ?10, now()) ON CONFLICT (account_name) DO UPDATE SET account_id = EXCLUDED.account_id,"
                        + " credential_type = EXCLUDED.credential_type, credential_file = EXCLUDED.credential_file,"
                        + " expires_at = EXCLUDED.expires_at, last_refresh_at = EXCLUDED.last_refresh_at,"
                        + " last_error = EXCLUDED.last_error,"
                        + " last_error_at = COALESCE(EXCLUDED.last_error_at, oauth_accounts.last_error_at),"
                        + " refresh_count = EXCLUDED.refresh_count, failure_count = EXCLUDED.failure_count,"
                        + " relogin_required = EXCLUDED.relogin_required, updated_at = now()")
                .setParameter(1, account.name())
                .setParameter(2, account.accountId())
                .setParameter(3, account.type().fileValue())
                .setParameter(4, time(state.tokens().expiresAt()))
                .setParameter(5, state.lastRefreshMillis() == 0 ? null : time(state.lastRefreshMillis()))
                .setParameter(6, state.lastError())
                .setParameter(7, state.refreshCount())
                .setParameter(8, state.failureCount())
                .setParameter(9, state.reloginRequired())
                .setParameter(10, account.source().toString())
                .executeUpdate();
    }

    private static OffsetDateTime time(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}

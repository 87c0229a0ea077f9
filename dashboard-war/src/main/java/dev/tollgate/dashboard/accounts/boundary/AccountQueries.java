package dev.tollgate.dashboard.accounts.boundary;

import static dev.tollgate.dashboard.NativeValues.instant;

import dev.tollgate.dashboard.accounts.entity.AccountState;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** The accounts the engine recorded, those needing a new login first. */
@Stateless
public class AccountQueries {

    @PersistenceContext(unitName = "dashboard")
    EntityManager entityManager;

    public List<AccountState> all() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT account_name, account_id, credential_type, expires_at, last_refresh_at,"
                        + " last_error, last_error_at, refresh_count, failure_count, relogin_required,"
                        + " credential_file, updated_at FROM oauth_accounts"
                        + " ORDER BY relogin_required DESC, account_name LIMIT 1000")
                .getResultList();
        return rows.stream()
                .map(r -> new AccountState(
                        (String) r[0],
                        (String) r[1],
                        (String) r[2],
                        instant(r[3]),
                        instant(r[4]),
                        (String) r[5],
                        instant(r[6]),
                        ((Number) r[7]).intValue(),
                        ((Number) r[8]).intValue(),
                        Boolean.TRUE.equals(r[9]),
                        (String) r[10],
                        instant(r[11])))
                .toList();
    }
}

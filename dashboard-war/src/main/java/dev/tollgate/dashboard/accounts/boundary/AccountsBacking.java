package dev.tollgate.dashboard.accounts.boundary;

import dev.tollgate.dashboard.accounts.entity.AccountState;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** The accounts page. */
@Named
@RequestScoped
public class AccountsBacking {

    @Inject
    AccountQueries queries;

    private List<AccountState> accounts;

    public List<AccountState> getAccounts() {
        if (accounts == null) {
            accounts = queries.all();
        }
        return accounts;
    }
}

package dev.tollgate.dashboard.usage.boundary;

import dev.tollgate.dashboard.usage.entity.AccountUsage;
import dev.tollgate.dashboard.usage.entity.ModelUsage;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.List;

/** The token usage page. */
@Named
@RequestScoped
public class UsageBacking {

    @Inject
    UsageQueries queries;

    private final Instant now = Instant.now();
    private List<AccountUsage> accounts;
    private List<ModelUsage> models;

    public List<AccountUsage> getAccounts() {
        if (accounts == null) {
            accounts = queries.byAccount(now);
        }
        return accounts;
    }

    public List<ModelUsage> getModels() {
        if (models == null) {
            models = queries.byModel(now);
        }
        return models;
    }
}

package dev.tollgate.alerts.boundary;

import dev.tollgate.credentials.boundary.AccountRegistry;
import dev.tollgate.credentials.entity.Account;
import dev.tollgate.credentials.entity.CredentialType;
import dev.tollgate.credentials.entity.SlackWebhook;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A registry of the accounts given, without a directory to scan. */
class FixedAccounts extends AccountRegistry {

    private final List<Account> accounts;

    FixedAccounts(Account... accounts) {
        this.accounts = List.of(accounts);
    }

    static Account apiKeyAccount(String name, boolean flat, SlackWebhook slack) {
        return new Account(
                name,
                "acc_" + name,
                CredentialType.API_KEY,
                "sk-ant-api03-" + name + "-key-0123456789",
                Path.of("/etc/tollgate/credentials", name + ".credentials.json"),
                null,
                null,
                flat,
                slack);
    }

    @Override
    public Optional<Account> domainAccount(String domain) {
        return accounts.stream()
                .filter(account -> account.flat() && account.name().equalsIgnoreCase(domain))
                .findFirst();
    }

    @Override
    public Optional<Account> accountNamed(String name) {
        return accounts.stream().filter(account -> account.name().equals(name)).findFirst();
    }

    @Override
    public List<Account> accounts() {
        return accounts;
    }
}

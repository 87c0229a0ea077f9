package dev.tollgate.credentials.entity;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One Claude account as a credential file describes it.
 *
 * @param name the file name without {@code .credentials.json}: what {@code MSL-Account} pins and
 *     what the journal records when the file has no {@code accountId}
 * @param accountId the file's {@code accountId}, or the name
 * @param type api_key or oauth
 * @param apiKey the Claude API key of an {@code api_key} account, else null
 * @param source the file it came from
 * @param clientKeyDigest SHA-256 of the file's {@code client_api_key}, or null: the key itself is not kept
 * @param flat true for a file directly in the credentials directory (also a domain file in domain
 *     mode), false for one under {@code accounts/}
 */
public record Account(
        String name,
        String accountId,
        CredentialType type,
        String apiKey,
        Path source,
        byte[] clientKeyDigest,
        boolean flat) {

    public Account {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        accountId = accountId == null || accountId.isBlank() ? name : accountId;
        if (type == CredentialType.API_KEY && (apiKey == null || apiKey.isBlank())) {
            throw new IllegalArgumentException("an api_key credential needs a non-empty \"api_key\"");
        }
    }

    /** Whether the relay can send requests with this account today (OAuth accounts come with their own issue). */
    public boolean usable() {
        return type == CredentialType.API_KEY;
    }

    /** Never prints the key: records end up in logs. */
    @Override
    public String toString() {
        return "Account[" + name + ", " + accountId + ", " + type.fileValue() + ", " + source + "]";
    }
}

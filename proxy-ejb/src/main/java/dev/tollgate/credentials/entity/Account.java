package dev.tollgate.credentials.entity;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

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
 * @param oauth the tokens of an {@code oauth} account, else null
 * @param flat true for a file directly in the credentials directory (also a domain file in domain
 *     mode), false for one under {@code accounts/}
 * @param slack the file's {@code slack} block, where this account's (or domain's) alerts go, or null
 */
public record Account(
        String name,
        String accountId,
        CredentialType type,
        String apiKey,
        Path source,
        byte[] clientKeyDigest,
        OAuthTokens oauth,
        boolean flat,
        SlackWebhook slack) {

    public Account {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        accountId = accountId == null || accountId.isBlank() ? name : accountId;
        if (type == CredentialType.API_KEY && (apiKey == null || apiKey.isBlank())) {
            throw new IllegalArgumentException("an api_key credential needs a non-empty \"api_key\"");
        }
        if (type == CredentialType.OAUTH
                && (oauth == null
                        || oauth.accessToken() == null
                        || oauth.accessToken().isBlank())) {
            throw new IllegalArgumentException("an oauth credential needs \"oauth\": {\"accessToken\": ...}");
        }
    }

    /** An account whose file has no {@code slack} block. */
    public Account(
            String name,
            String accountId,
            CredentialType type,
            String apiKey,
            Path source,
            byte[] clientKeyDigest,
            OAuthTokens oauth,
            boolean flat) {
        this(name, accountId, type, apiKey, source, clientKeyDigest, oauth, flat, null);
    }

    public boolean isOAuth() {
        return type == CredentialType.OAUTH;
    }

    /** The same account with tokens refreshed since the file was read. */
    public Account withTokens(OAuthTokens tokens) {
        return new Account(name, accountId, type, apiKey, source, clientKeyDigest, tokens, flat, slack);
    }

    /** The file's webhook for alerts, if it has one and it is enabled. */
    public Optional<SlackWebhook> alertWebhook() {
        return slack != null && slack.enabled() ? Optional.of(slack) : Optional.empty();
    }

    /** Never prints the key: records end up in logs. */
    @Override
    public String toString() {
        return "Account[" + name + ", " + accountId + ", " + type.fileValue() + ", " + source + "]";
    }
}

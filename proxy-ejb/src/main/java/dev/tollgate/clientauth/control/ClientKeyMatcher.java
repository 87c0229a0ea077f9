package dev.tollgate.clientauth.control;

import dev.tollgate.clientauth.entity.AuthOutcome;
import dev.tollgate.clientauth.entity.ClientKey;
import dev.tollgate.credentials.control.KeyDigests;
import java.security.MessageDigest;
import java.util.List;

/**
 * Compares a presented key with every accepted key, in constant time: each comparison is
 * {@link MessageDigest#isEqual} over digests, and the loop never stops early, so the time taken
 * says nothing about which key, or how much of one, matched.
 */
public final class ClientKeyMatcher {

    private ClientKeyMatcher() {}

    public static AuthOutcome match(List<ClientKey> keys, String presentedKey, String trainId, String domainAccount) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return AuthOutcome.refused("No API key: send it in the x-api-key header or as Authorization: Bearer.");
        }
        byte[] presented = KeyDigests.sha256(presentedKey);
        ClientKey allowed = null;
        ClientKey known = null;
        for (ClientKey key : keys) {
            boolean equal = MessageDigest.isEqual(key.digest(), presented);
            boolean inScope = key.scope().allows(trainId, domainAccount);
            if (equal && inScope && allowed == null) {
                allowed = key;
            }
            if (equal && known == null) {
                known = key;
            }
        }
        if (allowed != null) {
            return AuthOutcome.accepted(allowed.scope());
        }
        return AuthOutcome.refused(
                known != null
                        ? "This API key is not valid for train '" + trainId + "'"
                                + (domainAccount == null ? "" : " on domain " + domainAccount) + "."
                        : "Invalid API key.");
    }
}

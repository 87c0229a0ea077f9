package dev.tollgate.clientauth.entity;

/**
 * Where a client key is valid.
 *
 * @param source where the key came from, for logs and the journal (never the key): e.g.
 *     {@code train-client-keys/alpha.client-keys.json}, {@code SECURITY__AUTH_TOKEN}
 * @param trainId the only train the key is valid for, or null
 * @param credentialFile the credential file whose {@code client_api_key} it is, or null. Such a key
 *     is valid for every train, but in domain mode only for its own domain
 */
public record KeyScope(String source, String trainId, String credentialFile) {

    public static KeyScope everywhere(String source) {
        return new KeyScope(source, null, null);
    }

    public static KeyScope train(String source, String trainId) {
        return new KeyScope(source, trainId, null);
    }

    public static KeyScope credentialFile(String source, String name) {
        return new KeyScope(source, null, name);
    }

    /**
     * @param domainAccount the name of the domain credential file the request's {@code Host}
     *     selects (domain mode), or null in train mode
     */
    public boolean allows(String requestTrainId, String domainAccount) {
        if (trainId != null && !trainId.equals(requestTrainId)) {
            return false;
        }
        return credentialFile == null || domainAccount == null || credentialFile.equals(domainAccount);
    }
}

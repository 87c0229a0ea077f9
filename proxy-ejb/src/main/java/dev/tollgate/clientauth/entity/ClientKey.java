package dev.tollgate.clientauth.entity;

/** One accepted client key: its SHA-256 digest (never the key) and where it is valid. */
public record ClientKey(byte[] digest, KeyScope scope) {

    public ClientKey {
        if (digest == null || digest.length != 32) {
            throw new IllegalArgumentException("a client key is kept as its 32-byte SHA-256 digest");
        }
    }
}

package dev.tollgate.credentials.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests of keys: the only form in which Tollgate keeps a client key. */
public final class KeyDigests {

    private KeyDigests() {}

    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A short, stable, non-reversible name for a key in logs and the journal: 12 hex digits of its digest. */
    public static String fingerprint(String key) {
        return HexFormat.of().formatHex(sha256(key), 0, 6);
    }
}

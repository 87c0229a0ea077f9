package dev.tollgate.dashboard.access.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Compares a presented key with the configured one in constant time (over their SHA-256 digests). */
public final class KeyComparison {

    private KeyComparison() {}

    public static boolean matches(String configured, String presented) {
        if (configured == null || configured.isEmpty() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(configured), sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

package dev.tollgate.oauth.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.credentials.entity.OAuthTokens;
import dev.tollgate.messages.control.JsonDocuments;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * New OAuth tokens as they travel through the data grid to the other instances: encrypted
 * (AES-256-GCM) under a key derived from the refresh token they replace, which every instance that
 * holds the account already has and nobody else does. So the grid, its network and its memory
 * never see a token in clear, and no extra secret needs configuring. The sealed text names the
 * refresh token it was sealed under by a one-way fingerprint, so an instance can tell whether a
 * grid entry follows from the tokens it holds.
 *
 * <p>Format: {@code v1:<fingerprint>:<base64 of iv and ciphertext>}; the account name and the
 * fingerprint are authenticated along, so an entry cannot be moved to another account.
 */
public final class TokenSeal {

    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSeal() {}

    /** The new tokens of {@code account}, sealed under the refresh token they replace. */
    public static String seal(String account, String replacedRefreshToken, OAuthTokens tokens) {
        String fingerprint = fingerprint(replacedRefreshToken);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, replacedRefreshToken, iv, account, fingerprint);
            byte[] sealed = cipher.doFinal(json(tokens).getBytes(StandardCharsets.UTF_8));
            byte[] message = ByteBuffer.allocate(IV_BYTES + sealed.length)
                    .put(iv)
                    .put(sealed)
                    .array();
            return VERSION + ":" + fingerprint + ":" + Base64.getEncoder().encodeToString(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The tokens sealed under {@code currentRefreshToken}, or empty when the entry follows from other
     * tokens (older or newer ones) or does not open (tampered, or not a sealed entry at all).
     */
    public static Optional<OAuthTokens> open(String account, String currentRefreshToken, String sealed) {
        if (sealed == null || currentRefreshToken == null) {
            return Optional.empty();
        }
        String[] parts = sealed.split(":", 3);
        String fingerprint = fingerprint(currentRefreshToken);
        if (parts.length != 3
                || !parts[0].equals(VERSION)
                || !MessageDigest.isEqual(
                        parts[1].getBytes(StandardCharsets.US_ASCII),
                        fingerprint.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            byte[] message = Base64.getDecoder().decode(parts[2]);
            if (message.length <= IV_BYTES) {
                return Optional.empty();
            }
            byte[] iv = java.util.Arrays.copyOf(message, IV_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, currentRefreshToken, iv, account, fingerprint);
            byte[] plain = cipher.doFinal(message, IV_BYTES, message.length - IV_BYTES);
            return tokens(JsonDocuments.parseObjectOrNull(new String(plain, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty(); // not base64, or the tag does not match
        }
    }

    /** Names a refresh token without revealing it (the token has far more entropy than a hash can be searched for). */
    static String fingerprint(String refreshToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("tollgate grid token id\n" + refreshToken).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static Cipher cipher(int mode, String refreshToken, byte[] iv, String account, String fingerprint)
            throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(refreshToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] key = mac.doFinal("tollgate grid token key".getBytes(StandardCharsets.UTF_8));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD((account + "\n" + fingerprint).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static String json(OAuthTokens tokens) {
        var scopes = JSON.createArrayBuilder();
        tokens.scopes().forEach(scopes::add);
        var object = JSON.createObjectBuilder()
                .add("accessToken", tokens.accessToken())
                .add("expiresAt", tokens.expiresAt())
                .add("scopes", scopes)
                .add("isMax", tokens.isMax());
        if (tokens.refreshToken() != null) {
            object.add("refreshToken", tokens.refreshToken());
        }
        if (tokens.subscriptionType() != null) {
            object.add("subscriptionType", tokens.subscriptionType());
        }
        return object.build().toString();
    }

    private static Optional<OAuthTokens> tokens(JsonObject json) {
        if (json == null || !(json.get("accessToken") instanceof JsonString access)) {
            return Optional.empty();
        }
        List<String> scopes = json.getJsonArray("scopes").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString)
                .toList();
        return Optional.of(new OAuthTokens(
                access.getString(),
                json.getString("refreshToken", null),
                json.getJsonNumber("expiresAt").longValue(),
                scopes,
                json.getBoolean("isMax", false),
                json.getString("subscriptionType", null)));
    }
}

package dev.tollgate.relay.control;

import dev.tollgate.relay.entity.ClientRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the routing facts of a request from its headers, and refuses hostile values before any of
 * them is used, logged or turned into a file name.
 */
public final class RoutingHeaders {

    static final Pattern TRAIN_ID = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,127}$");
    /** Letters, digits, dots, dashes; underscores too, as container service names have them. */
    static final Pattern HOST_NAME = Pattern.compile("^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,252})$");

    /** An IPv6 literal, with or without port: a valid Host that selects no domain file. */
    static final Pattern IPV6_HOST = Pattern.compile("^\\[[0-9a-fA-F:.]{2,45}](:\\d{1,5})?$");

    public static final String DEFAULT_TRAIN = "default";

    private RoutingHeaders() {}

    /**
     * The train id from {@code MSL-Train-Id}, else {@code X-TRAIN-ID}, else {@code default}.
     *
     * @throws IllegalArgumentException for an id that does not match the allowed pattern
     */
    public static String trainId(ClientRequest request) {
        String trainId = request.header("msl-train-id");
        if (trainId == null) {
            trainId = request.header("x-train-id");
        }
        if (trainId == null) {
            return DEFAULT_TRAIN;
        }
        if (!TRAIN_ID.matcher(trainId).matches()) {
            throw new IllegalArgumentException("Invalid train id: it must match ^[a-zA-Z0-9][a-zA-Z0-9._:-]*$ and be"
                    + " at most 128 characters (header MSL-Train-Id or X-TRAIN-ID).");
        }
        return trainId;
    }

    /**
     * The account pinned with {@code MSL-Account}, or null.
     *
     * @throws IllegalArgumentException for a value that could not be an account's file name
     */
    public static String pinnedAccount(ClientRequest request) {
        String account = request.header("msl-account");
        if (account == null) {
            return null;
        }
        if (!TRAIN_ID.matcher(account).matches()) {
            throw new IllegalArgumentException("Invalid MSL-Account: it must match ^[a-zA-Z0-9][a-zA-Z0-9._:-]*$"
                    + " and be at most 128 characters.");
        }
        return account;
    }

    /** The host the client addressed, lower-case and without port, or null when absent or not a host name. */
    public static String domain(ClientRequest request) {
        String host = request.header("host");
        if (host == null) {
            return null;
        }
        int colon = host.lastIndexOf(':');
        String name =
                (colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host).toLowerCase(Locale.ROOT);
        return HOST_NAME.matcher(name).matches() ? name : null;
    }

    /**
     * Refuses a {@code Host} that is neither a host name nor an IP address (with an optional port):
     * in domain mode it would name a credential file.
     *
     * @throws IllegalArgumentException for such a Host
     */
    public static void requireValidHost(ClientRequest request) {
        String host = request.header("host");
        if (host == null
                || host.isEmpty()
                || domain(request) != null
                || IPV6_HOST.matcher(host).matches()) {
            return;
        }
        throw new IllegalArgumentException("Invalid Host header: it must be a host name (letters, digits, dots,"
                + " dashes) or an IP address, optionally with a port.");
    }

    /** The key the client presented: {@code x-api-key} first, then a Bearer token; null if none. */
    public static String clientKey(ClientRequest request) {
        String apiKey = request.header("x-api-key");
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.trim();
        }
        String authorization = request.header("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    /** SHA-256 of salt and key, hex: lets auditors group requests by key without storing the key. */
    public static String keyHash(String key, String salt) {
        if (key == null) {
            return null;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((salt == null ? "" : salt).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

package dev.tollgate.sim;

import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers shaped like the API's ({@code msg_01...}, {@code req_01...}, {@code toolu_01...}) and OAuth
 * tokens shaped like the real ones, so that clients which check prefixes accept them.
 */
final class Ids {

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int ID_LENGTH = 22;
    // tokens are credentials in the proxy's eyes: draw them from a source that is not predictable
    private static final SecureRandom TOKEN_RANDOM = new SecureRandom();

    private Ids() {}

    static String messageId() {
        return "msg_01" + randomChars(ThreadLocalRandom.current(), ID_LENGTH);
    }

    static String requestId() {
        return "req_01" + randomChars(ThreadLocalRandom.current(), ID_LENGTH);
    }

    static String toolUseId() {
        return "toolu_01" + randomChars(ThreadLocalRandom.current(), ID_LENGTH);
    }

    static String oauthAccessToken() {
        return "sk-ant-oat01-" + randomChars(TOKEN_RANDOM, 86) + "-AAAAAA";
    }

    static String oauthRefreshToken() {
        return "sk-ant-ort01-" + randomChars(TOKEN_RANDOM, 86) + "-AAAAAA";
    }

    private static String randomChars(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = BASE62[random.nextInt(BASE62.length)];
        }
        return new String(chars);
    }
}

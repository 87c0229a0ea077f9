package dev.tollgate.it;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;

/**
 * The documented rendezvous rule, computed independently of Tollgate: score = first 8 bytes,
 * big-endian, unsigned, of sha256("trainId::accountName"), highest first. Tests use it to know which
 * of the stack's accounts must serve a train.
 */
final class Rendezvous {

    private Rendezvous() {}

    static String accountFor(String trainId) {
        return TollgateStack.ACCOUNT_KEYS.keySet().stream()
                .max(Comparator.comparing((String name) -> score(trainId, name), Long::compareUnsigned))
                .orElseThrow();
    }

    /** All the stack's accounts in the order Tollgate must try them for the train. */
    static java.util.List<String> ranking(String trainId) {
        return TollgateStack.ACCOUNT_KEYS.keySet().stream()
                .sorted(Comparator.comparing((String name) -> score(trainId, name), Long::compareUnsigned)
                        .reversed())
                .toList();
    }

    static String keyFor(String trainId) {
        return TollgateStack.ACCOUNT_KEYS.get(accountFor(trainId));
    }

    static String trainServedBy(String accountName, String prefix) {
        for (int i = 0; ; i++) {
            if (accountFor(prefix + i).equals(accountName)) {
                return prefix + i;
            }
        }
    }

    private static long score(String trainId, String accountName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((trainId + "::" + accountName).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, 8).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.tollgate.routing.control;

import dev.tollgate.credentials.control.KeyDigests;
import dev.tollgate.credentials.entity.Account;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;

/**
 * Rendezvous (highest random weight) hashing of a train id over accounts, as Agent Prompt Train
 * does it: score = the first 8 bytes, big-endian and unsigned, of {@code sha256("<trainId>::<accountName>")};
 * highest first. A train keeps its account as long as that account exists, and adding an account
 * moves only the trains it now wins (about 1/n of them).
 */
public final class RendezvousRanking {

    private RendezvousRanking() {}

    public static List<Account> rank(String trainId, List<Account> accounts) {
        return accounts.stream()
                .sorted(Comparator.comparing((Account account) -> score(trainId, account.name()), Long::compareUnsigned)
                        .reversed()
                        .thenComparing(Account::name))
                .toList();
    }

    public static long score(String trainId, String accountName) {
        return ByteBuffer.wrap(KeyDigests.sha256(trainId + "::" + accountName), 0, 8)
                .getLong();
    }
}

package dev.tollgate.routing.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.credentials.entity.Account;
import dev.tollgate.credentials.entity.CredentialType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RendezvousRankingTest {

    static Account account(String name) {
        return new Account(
                name,
                null,
                CredentialType.API_KEY,
                "sk-ant-api03-" + name,
                Path.of(name + ".credentials.json"),
                null,
                null,
                false);
    }

    static final List<Account> THREE = List.of(account("account-a"), account("account-b"), account("account-c"));

    @Test
    void aThousandTrainsSpreadEvenlyOverThreeAccounts() {
        Map<String, Integer> served = new HashMap<>();
        IntStream.range(0, 1000)
                .forEach(i -> served.merge(
                        RendezvousRanking.rank("train-" + i, THREE).get(0).name(), 1, Integer::sum));

        assertThat(served).hasSize(3);
        served.values().forEach(count -> assertThat(count).isBetween(250, 420));
    }

    @Test
    void aFourthAccountTakesAboutAQuarterOfTheTrainsAndMovesNoOther() {
        List<Account> four =
                List.of(account("account-a"), account("account-b"), account("account-c"), account("account-d"));
        int moved = 0;
        for (int i = 0; i < 1000; i++) {
            String before = RendezvousRanking.rank("train-" + i, THREE).get(0).name();
            String after = RendezvousRanking.rank("train-" + i, four).get(0).name();
            if (!before.equals(after)) {
                moved++;
                assertThat(after)
                        .as("a train only ever moves to the new account")
                        .isEqualTo("account-d");
            }
        }
        assertThat(moved).isBetween(180, 320);
    }

    @Test
    void theRankingIsStableAndCoversEveryAccount() {
        List<Account> first = RendezvousRanking.rank("team-alpha", THREE);
        assertThat(RendezvousRanking.rank("team-alpha", List.of(THREE.get(2), THREE.get(0), THREE.get(1))))
                .isEqualTo(first);
        assertThat(first).containsExactlyInAnyOrderElementsOf(THREE);
    }

    @Test
    void theScoreIsTheFirstEightBytesOfTheSha256BigEndian() throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest("team-alpha::account-a".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long expected = 0;
        for (int i = 0; i < 8; i++) {
            expected = (expected << 8) | (digest[i] & 0xff);
        }
        assertThat(RendezvousRanking.score("team-alpha", "account-a")).isEqualTo(expected);
    }
}

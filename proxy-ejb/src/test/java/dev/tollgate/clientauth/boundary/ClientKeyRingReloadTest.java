package dev.tollgate.clientauth.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.clientauth.control.TrainKeyFileReader;
import dev.tollgate.clientauth.entity.ClientKey;
import dev.tollgate.credentials.boundary.AccountRegistry;
import dev.tollgate.credentials.entity.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ring is read by every request thread without a lock while the refresh replaces it: a reader
 * must only ever see a complete ring, old or new, never a half-built one.
 */
class ClientKeyRingReloadTest {

    @TempDir
    Path credentials;

    @Test
    void aKeyThatStaysIsNeverRefusedWhileAnotherIsAddedAndRevokedUnderLoad() throws Exception {
        Path keyFile = Files.createDirectories(credentials.resolve(TrainKeyFileReader.DIRECTORY))
                .resolve("team-a" + TrainKeyFileReader.SUFFIX);
        Files.writeString(keyFile, "[\"cnp_live_stays\"]");
        ClientKeyRing cut = ring();
        cut.refresh();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong checks = new AtomicLong();
        AtomicLong wrongRefusals = new AtomicLong();
        int readers = 4;
        CountDownLatch started = new CountDownLatch(readers);
        ExecutorService threads = Executors.newFixedThreadPool(readers);
        for (int i = 0; i < readers; i++) {
            threads.execute(() -> {
                started.countDown();
                while (running.get()) {
                    if (!cut.authenticate("cnp_live_stays", "team-a", null).isAccepted()) {
                        wrongRefusals.incrementAndGet();
                    }
                    checks.incrementAndGet();
                }
            });
        }
        started.await();
        try {
            for (int rotation = 0; rotation < 50; rotation++) {
                // the two contents differ in size, so the directory's fingerprint sees every change
                Files.writeString(keyFile, "[\"cnp_live_stays\", \"cnp_live_rotated\"]");
                cut.refresh();
                assertThat(cut.authenticate("cnp_live_rotated", "team-a", null).isAccepted())
                        .as("added key, rotation %d", rotation)
                        .isTrue();
                Files.writeString(keyFile, "[\"cnp_live_stays\"]");
                cut.refresh();
                assertThat(cut.authenticate("cnp_live_rotated", "team-a", null).isAccepted())
                        .as("revoked key, rotation %d", rotation)
                        .isFalse();
            }
        } finally {
            running.set(false);
            threads.shutdown();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(checks.get()).isPositive();
        assertThat(wrongRefusals.get()).isZero();
        assertThat(cut.failuresByTrain()).containsEntry("team-a", 50L); // the 50 revoked-key checks only
    }

    private ClientKeyRing ring() {
        AccountRegistry accounts = new AccountRegistry() {
            @Override
            public Path directory() {
                return credentials;
            }

            @Override
            public List<Account> accounts() {
                return List.of();
            }
        };
        ClientKeyRing ring = new ClientKeyRing();
        ring.enabled = true;
        ring.sharedToken = Optional.empty();
        ring.accounts = accounts;
        ring.issuedKeys = new IssuedKeyQuery() {
            @Override
            public List<ClientKey> activeKeys() {
                return List.of();
            }
        };
        return ring;
    }
}

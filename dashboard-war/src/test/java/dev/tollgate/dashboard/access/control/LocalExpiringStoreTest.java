package dev.tollgate.dashboard.access.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalExpiringStoreTest {

    @Test
    void aValueLivesForItsTimeToLive() throws Exception {
        LocalExpiringStore store = new LocalExpiringStore(100);
        store.put("a", "alice", 60_000);
        store.put("b", "bob", 1);
        TimeUnit.MILLISECONDS.sleep(5);

        assertThat(store.get("a")).isEqualTo("alice");
        assertThat(store.get("b")).isNull();
        store.remove("a");
        assertThat(store.get("a")).isNull();
    }

    @Test
    void countsInAWindowThatStartsWithTheFirstCount() throws Exception {
        LocalExpiringStore store = new LocalExpiringStore(100);
        assertThat(store.currentCount("10.0.0.1")).isZero();
        assertThat(store.countInWindow("10.0.0.1", 60_000)).isEqualTo(1);
        assertThat(store.countInWindow("10.0.0.1", 60_000)).isEqualTo(2);
        assertThat(store.currentCount("10.0.0.1")).isEqualTo(2);

        assertThat(store.countInWindow("10.0.0.2", 20)).isEqualTo(1);
        TimeUnit.MILLISECONDS.sleep(30);
        assertThat(store.currentCount("10.0.0.2")).as("window over").isZero();
        assertThat(store.countInWindow("10.0.0.2", 20)).as("a new window").isEqualTo(1);
    }

    @Test
    void staysWithinItsSizeExpiredEntriesFirst() throws Exception {
        LocalExpiringStore store = new LocalExpiringStore(3);
        store.put("old", "x", 1);
        store.put("live-1", "x", 60_000);
        store.put("live-2", "x", 60_000);
        TimeUnit.MILLISECONDS.sleep(5);
        store.put("live-3", "x", 60_000);

        assertThat(store.get("live-1")).isEqualTo("x");
        assertThat(store.get("live-3")).isEqualTo("x");

        store.put("live-4", "x", 60_000); // full of live entries: forgets them rather than grow
        assertThat(store.get("live-4")).isEqualTo("x");
        assertThat(store.get("live-1")).isNull();
    }
}

package dev.tollgate.dashboard.access.control;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link ExpiringStore} in this instance's memory, bounded: past its size, expired entries go first. */
public final class LocalExpiringStore implements ExpiringStore {

    private record Entry(String value, long expiresAtMillis) {

        boolean expired(long now) {
            return expiresAtMillis <= now;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;

    public LocalExpiringStore(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    @Override
    public void put(String key, String value, long timeToLiveMillis) {
        makeRoom();
        entries.put(key, new Entry(value, System.currentTimeMillis() + timeToLiveMillis));
    }

    @Override
    public String get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.expired(System.currentTimeMillis())) {
            entries.remove(key, entry);
            return null;
        }
        return entry.value();
    }

    @Override
    public void remove(String key) {
        entries.remove(key);
    }

    @Override
    public long countInWindow(String key, long windowMillis) {
        makeRoom();
        long now = System.currentTimeMillis();
        Entry counted = entries.compute(
                key,
                (k, current) -> current == null || current.expired(now)
                        ? new Entry("1", now + windowMillis)
                        : new Entry(String.valueOf(Long.parseLong(current.value()) + 1), current.expiresAtMillis()));
        return Long.parseLong(counted.value());
    }

    @Override
    public long currentCount(String key) {
        String count = get(key);
        return count == null ? 0 : Long.parseLong(count);
    }

    private void makeRoom() {
        if (entries.size() < maxEntries) {
            return;
        }
        long now = System.currentTimeMillis();
        entries.values().removeIf(entry -> entry.expired(now));
        if (entries.size() >= maxEntries) {
            entries.clear(); // a flood of live entries: forget rather than grow
        }
    }
}

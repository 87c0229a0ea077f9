package dev.tollgate.dashboard.access.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * An {@link ExpiringStore} in the data grid Payara runs (Hazelcast, bound at {@code payara/Hazelcast}):
 * one map for all instances, each entry with its own time to live. Keys and values are plain strings,
 * never application classes, which Payara's grid serializer can only load in some threads (ADR 0013).
 */
public final class GridExpiringStore implements ExpiringStore {

    private final IMap<String, String> map;

    private GridExpiringStore(IMap<String, String> map) {
        this.map = map;
    }

    static GridExpiringStore open(String mapName) {
        try {
            HazelcastInstance grid = InitialContext.doLookup("payara/Hazelcast");
            return new GridExpiringStore(grid.getMap(mapName));
        } catch (NamingException e) {
            throw new IllegalStateException(
                    "TOLLGATE_CLUSTER_MEMBERS is set but Payara's data grid is not available (payara/Hazelcast)", e);
        }
    }

    @Override
    public void put(String key, String value, long timeToLiveMillis) {
        map.set(key, value, timeToLiveMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public String get(String key) {
        return map.get(key);
    }

    @Override
    public void remove(String key) {
        map.delete(key);
    }

    /** The count and the window's end travel together ({@code count:endMillis}); the key's lock makes it atomic. */
    @Override
    public long countInWindow(String key, long windowMillis) {
        map.lock(key, 10, TimeUnit.SECONDS);
        try {
            long now = System.currentTimeMillis();
            String current = map.get(key);
            long count = 1;
            long end = now + windowMillis;
            if (current != null) {
                int colon = current.indexOf(':');
                long currentEnd = Long.parseLong(current.substring(colon + 1));
                if (currentEnd > now) {
                    count = Long.parseLong(current.substring(0, colon)) + 1;
                    end = currentEnd;
                }
            }
            map.set(key, count + ":" + end, Math.max(1, end - now), TimeUnit.MILLISECONDS);
            return count;
        } finally {
            map.unlock(key);
        }
    }

    @Override
    public long currentCount(String key) {
        String current = map.get(key);
        return current == null ? 0 : Long.parseLong(current.substring(0, current.indexOf(':')));
    }
}

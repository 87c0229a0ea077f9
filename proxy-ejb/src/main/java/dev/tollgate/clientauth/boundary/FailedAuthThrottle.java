package dev.tollgate.clientauth.boundary;

import com.hazelcast.map.IMap;
import dev.tollgate.cluster.boundary.DataGrid;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Slows down guessing: after a number of failed authentications from one address within a
 * minute, that address's further failures are answered later and later (doubling, up to a cap).
 * Only failures are delayed, so a valid client behind the same address is never held back.
 *
 * <p>With instances on a data grid, the count is the grid's: a guesser spreading its attempts over
 * the instances behind a load balancer is slowed down as if there were one. Only a failure, which is
 * answered late anyway, pays the grid round trips; a valid request never reaches this class.
 */
@ApplicationScoped
public class FailedAuthThrottle {

    private static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_TRACKED_ADDRESSES = 100_000;

    @Inject
    @ConfigProperty(name = "tollgate.auth.failures-before-delay", defaultValue = "5")
    int failuresBeforeDelay;

    @Inject
    @ConfigProperty(name = "tollgate.auth.max-failure-delay-ms", defaultValue = "5000")
    long maxDelayMillis;

    @Inject
    DataGrid dataGrid;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    /** Address -> {@code start:failures} of its window, when clustered; an entry lives as long as its window. */
    private Optional<IMap<String, String>> shared = Optional.empty();

    private record Window(long startMillis, int failures) {}

    @PostConstruct
    void share() {
        shared = dataGrid.sharedMap("tollgate-auth-failures");
    }

    /** Counts a failure from the address and says how long to hold back its answer (0 for none). */
    public long failureDelayMillis(String address) {
        long now = System.currentTimeMillis();
        // behind a proxy that passes the client address in a header, a request without it has none:
        // such requests share one window, rather than escaping the throttle (or failing on it)
        String client = address == null || address.isBlank() ? "unknown" : address;
        Window window = shared.map(map -> countInGrid(map, client, now)).orElseGet(() -> countHere(client, now));
        int excess = window.failures() - failuresBeforeDelay;
        if (excess <= 0) {
            return 0;
        }
        return Math.min(maxDelayMillis, 250L << Math.min(excess - 1, 20));
    }

    private Window countHere(String client, long now) {
        if (windows.size() > MAX_TRACKED_ADDRESSES) {
            windows.values().removeIf(window -> now - window.startMillis() > WINDOW_MILLIS);
        }
        return windows.compute(client, (key, current) -> next(current, now));
    }

    /** The same count under the address's lock in the grid, so that no failure of any instance is lost. */
    private Window countInGrid(IMap<String, String> map, String client, long now) {
        map.lock(client, 10, TimeUnit.SECONDS);
        try {
            String stored = map.get(client);
            Window current = null;
            if (stored != null) {
                int colon = stored.indexOf(':');
                current = new Window(
                        Long.parseLong(stored.substring(0, colon)), Integer.parseInt(stored.substring(colon + 1)));
            }
            Window counted = next(current, now);
            long left = counted.startMillis() + WINDOW_MILLIS - now;
            map.set(client, counted.startMillis() + ":" + counted.failures(), Math.max(1, left), TimeUnit.MILLISECONDS);
            return counted;
        } finally {
            map.unlock(client);
        }
    }

    private static Window next(Window current, long now) {
        return current == null || now - current.startMillis() > WINDOW_MILLIS
                ? new Window(now, 1)
                : new Window(current.startMillis(), current.failures() + 1);
    }
}

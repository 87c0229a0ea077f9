package dev.tollgate.clientauth.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Slows down guessing: after a number of failed authentications from one address within a
 * minute, that address's further failures are answered later and later (doubling, up to a cap).
 * Only failures are delayed, so a valid client behind the same address is never held back.
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

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long startMillis, int failures) {}

    /** Counts a failure from the address and says how long to hold back its answer (0 for none). */
    public long failureDelayMillis(String address) {
        long now = System.currentTimeMillis();
        // behind a proxy that passes the client address in a header, a request without it has none:
        // such requests share one window, rather than escaping the throttle (or failing on it)
        String client = address == null || address.isBlank() ? "unknown" : address;
        if (windows.size() > MAX_TRACKED_ADDRESSES) {
            windows.values().removeIf(window -> now - window.startMillis() > WINDOW_MILLIS);
        }
        Window window = windows.compute(
                client,
                (key, current) -> current == null || now - current.startMillis() > WINDOW_MILLIS
                        ? new Window(now, 1)
                        : new Window(current.startMillis(), current.failures() + 1));
        int excess = window.failures() - failuresBeforeDelay;
        if (excess <= 0) {
            return 0;
        }
        return Math.min(maxDelayMillis, 250L << Math.min(excess - 1, 20));
    }
}

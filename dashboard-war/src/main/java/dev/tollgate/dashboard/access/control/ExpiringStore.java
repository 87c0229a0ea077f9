package dev.tollgate.dashboard.access.control;

import java.util.Optional;

/**
 * Strings that live for a while: the dashboard's login sessions and failed-login counts. Kept in
 * this instance's memory ({@link LocalExpiringStore}) or, when Tollgate instances share a data grid,
 * in the grid ({@link GridExpiringStore}), so that any instance gives the same answer (ADR 0013).
 */
public interface ExpiringStore {

    /** Keeps the value under the key for the given time, replacing what was there. */
    void put(String key, String value, long timeToLiveMillis);

    /** The value, or null when there is none or it has expired. */
    String get(String key);

    void remove(String key);

    /**
     * Counts one more under the key, in a window that starts with its first count and lasts the given
     * time; the count starts again after it.
     *
     * @return the count in the current window, this one included
     */
    long countInWindow(String key, long windowMillis);

    /** The count of the key's current window, 0 when it has none. */
    long currentCount(String key);

    /**
     * Opens the store: in the data grid when {@code TOLLGATE_CLUSTER_MEMBERS} ({@code gridMembers})
     * says this instance shares one, else in memory.
     */
    static ExpiringStore open(String name, Optional<String> gridMembers, int maxLocalEntries) {
        return gridMembers.filter(members -> !members.isBlank()).isPresent()
                ? GridExpiringStore.open("tollgate-dashboard-" + name)
                : new LocalExpiringStore(maxLocalEntries);
    }
}

package dev.tollgate.routing.control;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.tollgate.cluster.boundary.DataGrid;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Accounts the upstream asked to wait ({@code retry-after} on a 429 or 529), and until when. The
 * router tries them last until then, so one rate-limited account does not take every request's
 * first attempt. In memory: a restart forgets, which only costs one extra 429.
 *
 * <p>With instances on a data grid, a cool-down one instance learns is published to the others (a
 * shared map, entries living as long as the cool-down) and every instance keeps its own copy, fed by
 * the map's events: the router's check stays a local read, with no grid call on the request path.
 */
@ApplicationScoped
public class AccountCooldowns {

    @Inject
    DataGrid dataGrid;

    private final Map<String, Long> coolingUntilMillis = new ConcurrentHashMap<>();
    private Optional<IMap<String, Long>> shared = Optional.empty();

    @PostConstruct
    void share() {
        shared = dataGrid.sharedMap("tollgate-account-cooldowns");
        shared.ifPresent(map -> {
            map.addEntryListener(new Learner(), true);
            map.forEach(this::learn); // what the others learnt before this instance joined
        });
    }

    public void coolDown(String accountName, long seconds) {
        long until = System.currentTimeMillis() + seconds * 1000;
        learn(accountName, until);
        // asynchronous: the request that saw the 429 does not wait for the grid
        shared.ifPresent(map -> map.setAsync(accountName, until, Math.max(1, seconds), TimeUnit.SECONDS));
    }

    public boolean isCooling(String accountName) {
        Long until = coolingUntilMillis.get(accountName);
        if (until == null) {
            return false;
        }
        if (until <= System.currentTimeMillis()) {
            coolingUntilMillis.remove(accountName, until);
            return false;
        }
        return true;
    }

    private void learn(String accountName, Long untilMillis) {
        if (untilMillis != null && untilMillis > System.currentTimeMillis()) {
            coolingUntilMillis.merge(accountName, untilMillis, Math::max);
        }
    }

    /** Cool-downs set by any instance, this one included, as the grid announces them. */
    private final class Learner implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long> {

        @Override
        public void entryAdded(EntryEvent<String, Long> event) {
            learn(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Long> event) {
            learn(event.getKey(), event.getValue());
        }
    }
}

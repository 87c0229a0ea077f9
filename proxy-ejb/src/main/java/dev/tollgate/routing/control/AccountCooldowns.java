package dev.tollgate.routing.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts the upstream asked to wait ({@code retry-after} on a 429 or 529), and until when. The
 * router tries them last until then, so one rate-limited account does not take every request's
 * first attempt. In memory: a restart forgets, which only costs one extra 429.
 */
@ApplicationScoped
public class AccountCooldowns {

    private final Map<String, Long> coolingUntilMillis = new ConcurrentHashMap<>();

    public void coolDown(String accountName, long seconds) {
        coolingUntilMillis.merge(accountName, System.currentTimeMillis() + seconds * 1000, Math::max);
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
}

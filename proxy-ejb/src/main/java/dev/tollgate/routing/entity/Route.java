package dev.tollgate.routing.entity;

import dev.tollgate.credentials.entity.Account;
import java.util.List;

/**
 * The accounts that may serve a request, in the order to try them.
 *
 * @param candidates first the account to use, then the failover accounts; empty when none is usable
 * @param mode how they were chosen: {@code domain}, {@code pinned} or {@code train}
 */
public record Route(List<Account> candidates, String mode) {

    public Route {
        candidates = List.copyOf(candidates);
    }

    /** A domain or a pinned account is the client's explicit choice: it never fails over. */
    public boolean mayFailOver() {
        return mode.equals("train");
    }
}

package dev.tollgate.dashboard.security.boundary;

import dev.tollgate.dashboard.security.entity.AuthFailures;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;

/** The security page: the last seven days of refused client authentications. */
@Named
@RequestScoped
public class SecurityBacking {

    @Inject
    SecurityQueries queries;

    private AuthFailures failures;

    public AuthFailures getFailures() {
        if (failures == null) {
            failures = queries.authFailuresSince(Instant.now().minus(Duration.ofDays(7)));
        }
        return failures;
    }
}

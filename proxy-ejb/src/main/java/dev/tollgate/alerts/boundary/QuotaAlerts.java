package dev.tollgate.alerts.boundary;

import dev.tollgate.alerts.control.AlertTexts;
import dev.tollgate.quotas.entity.QuotaExhausted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Alerts when a quota refuses requests. Fired on the request thread for every refusal: the rate
 * limiter makes that one message per train (or client key), measure and window per interval.
 */
@ApplicationScoped
public class QuotaAlerts {

    @Inject
    AlertDispatcher dispatcher;

    void onExhausted(@Observes QuotaExhausted quota) {
        dispatcher.raise(AlertTexts.quotaExhausted(quota));
    }
}

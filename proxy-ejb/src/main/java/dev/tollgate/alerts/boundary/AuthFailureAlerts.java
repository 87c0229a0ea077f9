package dev.tollgate.alerts.boundary;

import dev.tollgate.alerts.control.AlertTexts;
import dev.tollgate.alerts.control.FailureSpikeDetector;
import dev.tollgate.alerts.entity.Alert;
import dev.tollgate.alerts.entity.FailureScope;
import dev.tollgate.credentials.boundary.AccountRegistry;
import dev.tollgate.credentials.entity.Account;
import dev.tollgate.journal.entity.CompletedRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Alerts on a spike of failed client authentications: more than {@code threshold} within {@code
 * window-seconds}, counted per domain, per train or globally. Observes the journal's {@link
 * CompletedRequest} on its writer thread, so it only counts in memory.
 */
@ApplicationScoped
public class AuthFailureAlerts {

    private static final Logger LOG = Logger.getLogger(AuthFailureAlerts.class.getName());

    @Inject
    @ConfigProperty(name = "tollgate.alerts.auth-failures.threshold", defaultValue = "20")
    int threshold;

    @Inject
    @ConfigProperty(name = "tollgate.alerts.auth-failures.window-seconds", defaultValue = "60")
    long windowSeconds;

    @Inject
    @ConfigProperty(name = "tollgate.alerts.auth-failures.per", defaultValue = "domain")
    String per;

    @Inject
    AlertDispatcher dispatcher;

    @Inject
    AccountRegistry accounts;

    private FailureScope scope;
    private FailureSpikeDetector detector;

    @PostConstruct
    void start() {
        try {
            scope = FailureScope.fromConfig(per);
        } catch (IllegalArgumentException e) {
            scope = FailureScope.DOMAIN;
            LOG.severe(e.getMessage() + "; counting per domain");
        }
        if (threshold < 0 || windowSeconds <= 0) {
            LOG.severe("tollgate.alerts.auth-failures.threshold (" + threshold + ") cannot be negative and"
                    + " tollgate.alerts.auth-failures.window-seconds (" + windowSeconds + ") must be positive;"
                    + " using 20 failures within 60 s");
            threshold = 20;
            windowSeconds = 60;
        }
        detector = new FailureSpikeDetector(threshold, TimeUnit.SECONDS.toMillis(windowSeconds));
    }

    /** Created at start-up, so a bad setting is reported then and not at the first failure. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // the container creates the bean to deliver this: nothing else to do
    }

    void onCompleted(@Observes CompletedRequest request) {
        if (request.status() != 401 || !request.refusedByTollgate()) {
            return;
        }
        String subject =
                switch (scope) {
                    case GLOBAL -> "all";
                    case DOMAIN -> request.domain() == null ? "(no host)" : request.domain();
                    case TRAIN -> request.trainId() == null ? "(no train)" : request.trainId();
                };
        if (!detector.failed(subject, System.currentTimeMillis())) {
            return;
        }
        Alert alert = AlertTexts.authFailureSpike(scope, subject, threshold, windowSeconds, request);
        // a domain with a credential file of its own hears of its failures on its own webhook
        dispatcher.raise(
                scope == FailureScope.DOMAIN && request.domain() != null
                        ? alert.routedTo(accounts.domainAccount(request.domain())
                                .map(Account::name)
                                .orElse(null))
                        : alert);
    }
}

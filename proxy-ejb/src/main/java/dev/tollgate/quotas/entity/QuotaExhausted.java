package dev.tollgate.quotas.entity;

/**
 * A quota refused a request: fired as a CDI event (on the request thread) each time a request is
 * refused for going over a limit, for metrics and alerts, which rate-limit it themselves.
 *
 * @param scope {@code train} or {@code client_key}
 * @param subject the train id, or the salted hash of the client key (never the key)
 * @param measure {@code requests} or {@code tokens}
 * @param window {@code minute}, {@code hour} or {@code 5h}
 * @param limit the limit in force
 * @param retryAfterSeconds when the window lets the next request through
 */
public record QuotaExhausted(
        String scope, String subject, String measure, String window, long limit, long retryAfterSeconds) {}

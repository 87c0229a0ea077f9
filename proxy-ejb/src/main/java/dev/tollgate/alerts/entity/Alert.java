package dev.tollgate.alerts.entity;

import java.util.Objects;

/**
 * One thing an operator should hear about. Carries no secret: texts name accounts, trains, domains
 * and files, never keys, tokens or webhook URLs.
 *
 * @param kind what happened
 * @param subject what it happened to (an account, a domain, a train, the journal): one rate limit
 *     per kind and subject
 * @param title one line, what happened
 * @param details what it means and what to do (Slack mrkdwn)
 * @param accountName the account whose credential file's own {@code slack} webhook gets the alert
 *     when it has one, or null for the global webhook
 */
public record Alert(AlertKind kind, String subject, String title, String details, String accountName) {

    public Alert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(details, "details");
    }

    /** The same alert routed to that account's webhook (null: the global one). */
    public Alert routedTo(String account) {
        return new Alert(kind, subject, title, details, account);
    }

    /** What the rate limiter counts by. */
    public String rateLimitKey() {
        return kind + " " + subject;
    }
}

/**
 * Alerts to Slack-compatible incoming webhooks, so an operator hears of what needs a person before
 * the users do: an OAuth account that needs a new login, token refreshes that keep failing, a spike
 * of failed client authentications, a quota running out, and a journal that spills to disk or loses
 * records.
 *
 * <p>The sources are the engine's own CDI events ({@code TokenRefreshOutcome}, {@code
 * CompletedRequest}, {@code QuotaExhausted}) and a timer that looks at the journal; observers only
 * count in memory and queue, sending happens on a managed executor. One message per kind and
 * subject per {@code tollgate.alerts.min-interval-seconds}: a storm sends one message, the next one
 * says how many were held back. Account and domain alerts go to the credential file's own {@code
 * slack} webhook when it has one, everything else to {@code SLACK_WEBHOOK_URL}; with neither, alerts
 * are only logged.
 */
package dev.tollgate.alerts;

/**
 * Token usage per Claude account over the windows subscriptions are limited by (the rolling 5 hours
 * and 7 days), per model, and the upstream's own rate-limit headers as last seen on each account.
 */
package dev.tollgate.dashboard.usage;

/**
 * Figures over the journal for the overview page and the JSON API ({@code /dashboard/api/stats}):
 * requests, errors, tokens and cost over a time window, by model. Read through the dashboard's own
 * read-only persistence unit, from the same tables auditors query.
 */
package dev.tollgate.dashboard.stats;

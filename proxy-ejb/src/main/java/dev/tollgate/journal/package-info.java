/**
 * The request journal: every request that reaches Tollgate, failures included, becomes one row of
 * {@code api_requests}. Records are queued in memory and written in batches by one background
 * writer, so the request path never waits for the database.
 */
package dev.tollgate.journal;

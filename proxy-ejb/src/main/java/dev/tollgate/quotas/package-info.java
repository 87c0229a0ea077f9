/**
 * Quotas: how many requests and tokens a train, and a client key, may use per minute, hour and five
 * hours. Limits come from a file that is polled for changes; counts live in memory in sliding
 * windows of short buckets, so admission costs the request path no database call and no file read.
 * Requests are counted when admitted, tokens when the journal announces the finished request; at
 * start-up the counts are seeded from the journal with the same rule, so a restart forgets nothing.
 */
package dev.tollgate.quotas;

/**
 * Failed client authentication as the journal records it (status 401): by train and client
 * address, and hour by hour, for spotting a guessing client or a leaked, revoked key still in use.
 */
package dev.tollgate.dashboard.security;

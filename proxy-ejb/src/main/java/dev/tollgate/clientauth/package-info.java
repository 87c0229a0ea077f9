/**
 * Client authentication: which keys may use Tollgate, for which trains or domains. Keys come from
 * per-train key files, credential files ({@code client_api_key}), {@code SECURITY__AUTH_TOKEN} and
 * keys issued through the database; all are held in memory as SHA-256 digests only and compared in
 * constant time, so no request reads a file or the database.
 */
package dev.tollgate.clientauth;

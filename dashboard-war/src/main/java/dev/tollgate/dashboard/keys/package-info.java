/**
 * Client keys issued through the dashboard: shown once when issued, kept as SHA-256 digests with
 * their first and last characters for recognition, revoked with a click; the proxy picks either up
 * within seconds. Every change is written to {@code dashboard_audit_log} with who made it. The only
 * writes the dashboard makes, through a data source of their own.
 */
package dev.tollgate.dashboard.keys;

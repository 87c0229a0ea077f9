/**
 * Who may see the dashboard: the operator's {@code DASHBOARD_API_KEY} (the {@code X-Dashboard-Key}
 * header for automation, or a login that opens a server-side session), or a corporate SSO proxy's
 * identity headers, trusted only from the proxy's own addresses. With neither configured the
 * dashboard shows no data at all, only how to configure it.
 */
package dev.tollgate.dashboard.access;

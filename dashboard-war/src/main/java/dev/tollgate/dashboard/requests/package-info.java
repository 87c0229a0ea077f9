/**
 * The journal's requests as the dashboard lists and shows them: a server-side paginated, sortable,
 * filtered table over {@code api_requests}, and one request in detail. Every filter is a bound
 * parameter and every sort column comes from a fixed list, so nothing a user types becomes SQL.
 */
package dev.tollgate.dashboard.requests;

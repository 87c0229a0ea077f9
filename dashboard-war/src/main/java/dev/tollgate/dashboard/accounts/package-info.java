/**
 * The Claude accounts as the engine last recorded them ({@code oauth_accounts}): type, OAuth
 * expiry, last refresh and error, and "re-login required" with the command that fixes it.
 */
package dev.tollgate.dashboard.accounts;

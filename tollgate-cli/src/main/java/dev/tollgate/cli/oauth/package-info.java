/**
 * The OAuth tools of the command line: log in (PKCE), show (what {@code ccproxy auth validate} /
 * {@code auth info} show), refresh one or all credential files, seed format or Claude CLI
 * credentials, with the same token endpoint client and atomic writer the engine uses.
 */
package dev.tollgate.cli.oauth;

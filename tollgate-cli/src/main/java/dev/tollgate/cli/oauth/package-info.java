/**
 * The OAuth tools of the command line: log in (PKCE), show, refresh one or all credential files,
 * with the same token endpoint client and atomic writer the engine uses.
 */
package dev.tollgate.cli.oauth;

/**
 * The Claude accounts Tollgate sends requests with, read from the seed credential files in
 * {@code CREDENTIALS_DIR} ({@code *.credentials.json}, also under {@code accounts/}) and from the
 * Claude CLI credentials files {@code CLAUDE_CLI_CREDENTIALS} names (what {@code claude /login}
 * writes), and written back in the shape each file had.
 */
package dev.tollgate.credentials;

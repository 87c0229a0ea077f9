/**
 * The Claude accounts Tollgate sends requests with, read from the seed credential files in
 * {@code CREDENTIALS_DIR} ({@code *.credentials.json}, also under {@code accounts/}).
 */
package dev.tollgate.credentials;

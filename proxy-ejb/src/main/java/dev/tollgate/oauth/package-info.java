/**
 * OAuth (Claude subscription) accounts: tokens refreshed by an EJB timer before they expire, one
 * refresh per account at a time, new tokens written back to the credential file atomically before
 * they are used, and accounts whose refresh token was refused taken out of rotation until a new
 * login.
 */
package dev.tollgate.oauth;

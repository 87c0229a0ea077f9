package dev.tollgate.oauth.entity;

import dev.tollgate.credentials.entity.OAuthTokens;

/**
 * What the token endpoint answered: the tokens, and who they belong to when the answer says so
 * (its {@code account} and {@code organization} objects, as the endpoint answers Claude Code's
 * logins and refreshes). Only the command line shows the owner; nothing stores it, because neither
 * credential format has a place for it.
 *
 * @param accountEmail {@code account.email_address}, or null
 * @param organizationName {@code organization.name}, or null
 * @param organizationId {@code organization.uuid}, or null
 */
public record TokenGrant(OAuthTokens tokens, String accountEmail, String organizationName, String organizationId) {}

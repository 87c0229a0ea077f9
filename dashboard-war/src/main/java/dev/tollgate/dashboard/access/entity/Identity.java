package dev.tollgate.dashboard.access.entity;

import java.io.Serializable;

/**
 * Who is looking at the dashboard, as shown in its header and written to its audit log.
 *
 * @param name the SSO user's e-mail or login, or {@code api-key} for the operator's key
 * @param method how they authenticated: {@code sso}, {@code api-key} or {@code session}
 */
public record Identity(String name, String method) implements Serializable {

    public static final String SESSION_ATTRIBUTE = Identity.class.getName();

    public static Identity apiKey() {
        return new Identity("api-key", "api-key");
    }

    public static Identity sso(String user) {
        return new Identity(user, "sso");
    }
}

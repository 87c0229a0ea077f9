package dev.tollgate.dashboard.access.entity;

/**
 * The outcome of looking at a request's credentials.
 *
 * @param identity who it is, or null
 * @param refusal why an identity that was presented is not let in (e.g. an e-mail domain not
 *     allowed), or null when nothing usable was presented at all
 */
public record AccessDecision(Identity identity, String refusal) {

    public static AccessDecision allowed(Identity identity) {
        return new AccessDecision(identity, null);
    }

    public static AccessDecision refused(String why) {
        return new AccessDecision(null, why);
    }

    public static AccessDecision anonymous() {
        return new AccessDecision(null, null);
    }

    public boolean isAllowed() {
        return identity != null;
    }
}

package dev.tollgate.alerts.entity;

import java.util.Locale;

/** What failed authentications are counted by, for the spike alert ({@code tollgate.alerts.auth-failures.per}). */
public enum FailureScope {
    /** All failures together. */
    GLOBAL,
    /** Per host name the clients used (a domain credential file gets its own domain's alerts). */
    DOMAIN,
    /** Per train id. */
    TRAIN;

    /** @throws IllegalArgumentException naming the values allowed */
    public static FailureScope fromConfig(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "tollgate.alerts.auth-failures.per must be global, domain or train, not '" + value + "'");
        }
    }
}

package dev.tollgate.messages.entity;

import java.util.Locale;

/** One HTTP header field as it travelled; repeated headers are repeated fields. */
public record Header(String name, String value) {

    public Header {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name must not be empty");
        }
        value = value == null ? "" : value;
    }

    public String lowerCaseName() {
        return name.toLowerCase(Locale.ROOT);
    }

    public boolean is(String lowerCaseName) {
        return name.equalsIgnoreCase(lowerCaseName);
    }
}

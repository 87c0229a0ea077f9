package dev.tollgate.journal.control;

import dev.tollgate.messages.entity.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Masks credentials in headers before they are stored or logged: only the scheme and the last four
 * characters remain, enough to tell two keys apart and never enough to use one.
 */
public final class SecretMasking {

    static final Set<String> SECRET_HEADERS =
            Set.of("authorization", "proxy-authorization", "x-api-key", "cookie", "set-cookie", "x-dashboard-key");

    private SecretMasking() {}

    /** Authorization schemes whose name may stay readable in front of the masked credential. */
    static final Set<String> AUTH_SCHEMES = Set.of("bearer", "basic", "token", "digest");

    public static List<Header> maskHeaders(List<Header> headers) {
        List<Header> masked = new ArrayList<>(headers.size());
        for (Header header : headers) {
            masked.add(
                    SECRET_HEADERS.contains(header.lowerCaseName())
                            ? new Header(header.name(), mask(header.value()))
                            : header);
        }
        return masked;
    }

    /** {@code Bearer sk-ant-...wxyz} becomes {@code Bearer ****wxyz}; short values become {@code ****}. */
    public static String mask(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String scheme = "";
        String secret = value;
        int space = value.indexOf(' ');
        if (space > 0 && AUTH_SCHEMES.contains(value.substring(0, space).toLowerCase(java.util.Locale.ROOT))) {
            scheme = value.substring(0, space + 1);
            secret = value.substring(space + 1);
        }
        return scheme + (secret.length() >= 16 ? "****" + secret.substring(secret.length() - 4) : "****");
    }
}

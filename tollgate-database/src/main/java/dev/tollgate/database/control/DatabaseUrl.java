package dev.tollgate.database.control;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A database location as JDBC needs it, parsed from the forms operators already use: the libpq URL
 * of the seed documents ({@code postgresql://user:pass@host:5432/db?sslmode=require}) or a JDBC URL
 * ({@code jdbc:postgresql://host/db?user=...}).
 *
 * <p>User and password are taken out of the URL so that the JDBC URL can be logged and shown
 * without leaking the password.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    private static final Pattern HOST_AND_PORT =
            Pattern.compile("^(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?$");

    public DatabaseUrl {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /** Parses a libpq or JDBC URL; the message of the exception never contains the password. */
    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL is empty");
        }
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return fromJdbc(trimmed);
        }
        if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
            return fromLibpq(trimmed);
        }
        throw new IllegalArgumentException(
                "DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql: (got scheme '"
                        + scheme(trimmed) + "')");
    }

    /**
     * Parsed by hand rather than with {@link java.net.URI}, which refuses host names with
     * underscores (Docker service names) and silently misreads an unencoded {@code /} or {@code ?}
     * in a password. The user information ends at the last {@code @}, as in libpq.
     */
    private static DatabaseUrl fromLibpq(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String[] userInfo = rest.substring(0, at).split(":", 2);
            user = decode(userInfo[0]);
            password = userInfo.length > 1 ? decode(userInfo[1]) : null;
            rest = rest.substring(at + 1);
        }
        int hostEnd = firstOf(rest, '/', '?');
        String hostAndPort = rest.substring(0, hostEnd);
        if (!HOST_AND_PORT.matcher(hostAndPort).matches()) {
            throw new IllegalArgumentException("DATABASE_URL has no valid host[:port] (percent-encode special"
                    + " characters in the user name and password)");
        }
        rest = rest.substring(hostEnd);
        int queryStart = rest.indexOf('?');
        String path = queryStart < 0 ? rest : rest.substring(0, queryStart);
        String database = path.length() <= 1 ? "postgres" : decode(path.substring(1));
        List<String> parameters = new ArrayList<>();
        if (queryStart >= 0) {
            for (String parameter : rest.substring(queryStart + 1).split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                String[] pair = parameter.split("=", 2);
                String name = decode(pair[0]);
                String value = pair.length > 1 ? decode(pair[1]) : "";
                switch (name) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    default -> parameters.add(parameter);
                }
            }
        }
        String jdbc = "jdbc:postgresql://" + hostAndPort + "/" + database
                + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters));
        return new DatabaseUrl(jdbc, user, password);
    }

    private static int firstOf(String text, char a, char b) {
        int first = text.length();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == a || text.charAt(i) == b) {
                return i;
            }
        }
        return first;
    }

    private static DatabaseUrl fromJdbc(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return new DatabaseUrl(url, null, null);
        }
        String user = null;
        String password = null;
        List<String> parameters = new ArrayList<>();
        for (String parameter : url.substring(query + 1).split("&")) {
            String[] pair = parameter.split("=", 2);
            switch (pair[0]) {
                case "user" -> user = pair.length > 1 ? decodeLikePgjdbc(pair[1]) : "";
                case "password" -> password = pair.length > 1 ? decodeLikePgjdbc(pair[1]) : "";
                default -> parameters.add(parameter);
            }
        }
        String base = url.substring(0, query);
        return new DatabaseUrl(parameters.isEmpty() ? base : base + "?" + String.join("&", parameters), user, password);
    }

    /** pgjdbc decodes its URL parameters as form data ({@code +} is a space): read them the same way. */
    private static String decodeLikePgjdbc(String value) {
        return decode(value.replace("+", "%20"));
    }

    /** Percent-decoding as libpq does it: {@code +} stays a plus. Errors never echo the value. */
    private static String decode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "DATABASE_URL holds a malformed %-escape; percent-encode special characters as %XX");
        }
    }

    private static String scheme(String url) {
        int colon = url.indexOf(':');
        return colon < 0 ? "" : url.substring(0, Math.min(colon, 20));
    }

    @Override
    public String toString() {
        return jdbcUrl + " (user " + user + ")";
    }
}

package dev.tollgate.database.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A database location as JDBC needs it, parsed from the forms operators already use: the libpq URL
 * of the seed documents ({@code postgresql://user:pass@host:5432/db?sslmode=require}) or a JDBC URL
 * ({@code jdbc:postgresql://host/db?user=...}).
 *
 * <p>User and password are taken out of the URL so that the JDBC URL can be logged and shown
 * without leaking the password.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

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

    private static DatabaseUrl fromLibpq(String url) {
        URI uri = toUri(url);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL has no host");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] userInfo = uri.getRawUserInfo().split(":", 2);
            user = decode(userInfo[0]);
            password = userInfo.length > 1 ? decode(userInfo[1]) : null;
        }
        String database = uri.getRawPath() == null || uri.getRawPath().length() <= 1
                ? "postgres"
                : decode(uri.getRawPath().substring(1));
        List<String> parameters = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String parameter : uri.getRawQuery().split("&")) {
                String[] pair = parameter.split("=", 2);
                String name = decode(pair[0]);
                String value = pair.length > 1 ? decode(pair[1]) : "";
                switch (name) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    default -> parameters.add(pair[0] + (pair.length > 1 ? "=" + pair[1] : ""));
                }
            }
        }
        String hostAndPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String jdbc = "jdbc:postgresql://" + hostAndPort + "/" + database
                + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters));
        return new DatabaseUrl(jdbc, user, password);
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
                case "user" -> user = pair.length > 1 ? decode(pair[1]) : "";
                case "password" -> password = pair.length > 1 ? decode(pair[1]) : "";
                default -> parameters.add(parameter);
            }
        }
        String base = url.substring(0, query);
        return new DatabaseUrl(parameters.isEmpty() ? base : base + "?" + String.join("&", parameters), user, password);
    }

    private static URI toUri(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            // the input may hold a password: report only where it broke
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL (at character " + e.getIndex()
                    + "); percent-encode special" + " characters in the user name and password");
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
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

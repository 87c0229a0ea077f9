package dev.tollgate.relay.control;

import dev.tollgate.messages.entity.Header;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers cross Tollgate in each direction. End-to-end headers pass as they are, in order,
 * repeated ones repeated; hop-by-hop headers (RFC 9110 7.6.1, and any named in {@code Connection})
 * stop here, and so do the client's credentials, which Tollgate replaces with the account's.
 */
public final class HeaderPolicy {

    /** Hop-by-hop, framing, or set by the HTTP client itself (which refuses some of them). */
    static final Set<String> NOT_FORWARDED_UPSTREAM = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "content-length",
            "expect",
            "date",
            "from",
            "via",
            "warning",
            "http2-settings",
            // client credentials: replaced by the account's
            "authorization",
            "x-api-key",
            "cookie",
            // Tollgate asks for identity encoding itself, so that it can read what it journals
            "accept-encoding",
            // Tollgate's own routing headers are not the upstream's business
            "msl-train-id",
            "x-train-id",
            "msl-account",
            // what a reverse proxy in front of Tollgate adds: the organisation's internal addresses
            // and host names are not for a third party (Tollgate journals the client address itself)
            "x-forwarded-for",
            "x-forwarded-host",
            "x-forwarded-proto",
            "x-forwarded-port",
            "x-real-ip",
            "forwarded",
            "proxy-ip");

    static final Set<String> NOT_RETURNED_TO_CLIENT = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "content-length",
            "set-cookie",
            // the container writes its own; two of each would confuse clients
            "date",
            "server");

    public static final String OAUTH_BETA = "oauth-2025-04-20";

    private HeaderPolicy() {}

    public static List<Header> forUpstream(List<Header> clientHeaders) {
        Set<String> connectionNamed = connectionTokens(clientHeaders);
        List<Header> forwarded = new ArrayList<>(clientHeaders.size());
        for (Header header : clientHeaders) {
            String name = header.lowerCaseName();
            if (!NOT_FORWARDED_UPSTREAM.contains(name) && !connectionNamed.contains(name) && !name.startsWith(":")) {
                forwarded.add(header);
            }
        }
        return forwarded;
    }

    /**
     * @param bodyDecoded true when Tollgate decoded a {@code content-encoding}: the header must then
     *     not reach the client, or it would decode the plain bytes a second time
     */
    public static List<Header> forClient(HttpHeaders upstreamHeaders, boolean bodyDecoded) {
        List<Header> returned = new ArrayList<>();
        Set<String> connectionNamed = new HashSet<>();
        upstreamHeaders.allValues("connection").forEach(value -> connectionNamed.addAll(tokens(value)));
        upstreamHeaders.map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean dropped = NOT_RETURNED_TO_CLIENT.contains(lower)
                    || connectionNamed.contains(lower)
                    || lower.startsWith(":")
                    || bodyDecoded && lower.equals("content-encoding");
            if (!dropped) {
                values.forEach(value -> returned.add(new Header(lower, value)));
            }
        });
        return returned;
    }

    /**
     * The headers with {@code oauth-2025-04-20} merged into {@code anthropic-beta}, as an OAuth
     * token requires: added to the client's betas, never replacing them.
     */
    public static List<Header> withOAuthBeta(List<Header> headers) {
        List<Header> merged = new ArrayList<>(headers.size() + 1);
        boolean present = false;
        int firstBeta = -1;
        for (Header header : headers) {
            if (header.is("anthropic-beta")) {
                present |= tokens(header.value()).contains(OAUTH_BETA);
                if (firstBeta < 0) {
                    firstBeta = merged.size();
                }
            }
            merged.add(header);
        }
        if (present) {
            return merged;
        }
        if (firstBeta < 0) {
            merged.add(new Header("anthropic-beta", OAUTH_BETA));
        } else {
            Header beta = merged.get(firstBeta);
            merged.set(firstBeta, new Header(beta.name(), beta.value() + "," + OAUTH_BETA));
        }
        return merged;
    }

    private static Set<String> connectionTokens(List<Header> headers) {
        Set<String> named = new HashSet<>();
        for (Header header : headers) {
            if (header.is("connection")) {
                named.addAll(tokens(header.value()));
            }
        }
        return named;
    }

    private static List<String> tokens(String value) {
        List<String> tokens = new ArrayList<>();
        for (String token : value.split(",")) {
            if (!token.isBlank()) {
                tokens.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        return tokens;
    }
}

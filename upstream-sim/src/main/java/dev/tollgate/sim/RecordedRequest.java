package dev.tollgate.sim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One request as it reached the simulator, so that tests can check what the proxy really sent
 * upstream: headers it added, dropped or merged, and a body that must arrive byte for byte.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the raw path, e.g. {@code /v1/messages}
 * @param query the raw query string without the leading {@code ?}, or {@code null} when the URL had none
 * @param headers every header value as a name/value pair, names lower-cased; a repeated header keeps
 *     its values in the order received. The JDK server does not keep the wire order of different
 *     names, so they are sorted by name to make the list deterministic.
 * @param body the body bytes exactly as received (empty for a body rejected as too large)
 * @param receivedAt when the simulator started handling the request
 */
public record RecordedRequest(
        String method, String path, String query, List<Header> headers, byte[] body, Instant receivedAt) {

    /** One header line; the name is lower-cased. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** The first value of a header, looked up case-insensitively, or {@code null} when absent. */
    public String header(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (Header header : headers) {
            if (header.name().equals(wanted)) {
                return header.value();
            }
        }
        return null;
    }

    /** All values of a header in the order received, e.g. every {@code anthropic-beta} line. */
    public List<String> headerValues(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return headers.stream()
                .filter(header -> header.name().equals(wanted))
                .map(Header::value)
                .toList();
    }

    /** A copy of the body, so that the recorded bytes stay exactly as received. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8, the encoding of every JSON body the API accepts. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Size of the body without copying it. */
    public int bodyLength() {
        return body.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordedRequest that
                && method.equals(that.method)
                && path.equals(that.path)
                && Objects.equals(query, that.query)
                && headers.equals(that.headers)
                && Arrays.equals(body, that.body)
                && receivedAt.equals(that.receivedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, query, headers, Arrays.hashCode(body), receivedAt);
    }

    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?" + query) + " (" + headers.size() + " headers, "
                + body.length + " body bytes, received " + receivedAt + ")";
    }
}

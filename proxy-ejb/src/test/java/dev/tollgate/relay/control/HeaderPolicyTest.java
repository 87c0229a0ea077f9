package dev.tollgate.relay.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.messages.entity.Header;
import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderPolicyTest {

    /** End-to-end headers of a Claude Code request (fixture claude-code-2.1.197-messages-request.json). */
    private static final List<Header> END_TO_END = List.of(
            new Header("Accept", "application/json"),
            new Header("Content-Type", "application/json"),
            new Header("User-Agent", "claude-cli/2.1.197 (external, sdk-cli)"),
            new Header("X-Claude-Code-Session-Id", "aaf89372-44d7-4d89-a6a6-c7feaf91af11"),
            new Header("X-Stainless-Retry-Count", "0"),
            new Header("anthropic-beta", "claude-code-20250219,context-1m-2025-08-07"),
            new Header("anthropic-version", "2023-06-01"),
            new Header("anthropic-beta", "interleaved-thinking-2025-05-14"),
            new Header("x-app", "cli"));

    @Test
    void forUpstreamKeepsEndToEndHeadersInOrderWithRepeatsAndStripsTheRest() {
        List<Header> client = List.of(
                new Header("Host", "127.0.0.1:8080"),
                END_TO_END.get(0),
                new Header("Connection", "keep-alive"),
                END_TO_END.get(1),
                new Header("Content-Length", "76283"),
                END_TO_END.get(2),
                new Header("Authorization", "Bearer sk-ant-oat01-client"),
                END_TO_END.get(3),
                new Header("X-Api-Key", "sk-ant-api03-client"),
                END_TO_END.get(4),
                new Header("Cookie", "tollgate_session=abc"),
                END_TO_END.get(5),
                new Header("Accept-Encoding", "gzip, deflate, br, zstd"),
                END_TO_END.get(6),
                new Header("MSL-Train-Id", "train-7"),
                new Header("X-TRAIN-ID", "train-7"),
                new Header("MSL-Account", "team-a"),
                END_TO_END.get(7),
                new Header("Transfer-Encoding", "chunked"),
                new Header("Keep-Alive", "timeout=5"),
                new Header("Proxy-Authorization", "Basic eDp5"),
                new Header("TE", "trailers"),
                new Header("Upgrade", "h2c"),
                new Header("HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA"),
                new Header("Expect", "100-continue"),
                new Header("Via", "1.1 corp-proxy"),
                new Header(":authority", "127.0.0.1:8080"),
                END_TO_END.get(8));

        assertThat(HeaderPolicy.forUpstream(client)).containsExactlyElementsOf(END_TO_END);
    }

    @Test
    void forUpstreamStripsHeadersNamedInConnection() {
        List<Header> client = List.of(
                new Header("Connection", "keep-alive, X-Hop ,x-other-hop"),
                new Header("connection", "x-third"),
                new Header("X-Hop", "1"),
                new Header("anthropic-version", "2023-06-01"),
                new Header("x-other-hop", "2"),
                new Header("X-THIRD", "3"),
                new Header("x-stainless-retry-count", "1"));

        assertThat(HeaderPolicy.forUpstream(client))
                .containsExactly(
                        new Header("anthropic-version", "2023-06-01"), new Header("x-stainless-retry-count", "1"));
    }

    @Test
    void forUpstreamDropsWhatAReverseProxyInFrontAdded() {
        List<Header> client = List.of(
                new Header("X-Forwarded-For", "10.1.2.3, 10.0.0.1"),
                new Header("X-Forwarded-Proto", "https"),
                new Header("X-Forwarded-Host", "claude.intra.example"),
                new Header("X-Real-IP", "10.1.2.3"),
                new Header("Forwarded", "for=10.1.2.3;proto=https"),
                new Header("Proxy-ip", "10.1.2.3"),
                new Header("anthropic-version", "2023-06-01"));

        assertThat(HeaderPolicy.forUpstream(client)).containsExactly(new Header("anthropic-version", "2023-06-01"));
    }

    @Test
    void forUpstreamOfNothingIsNothing() {
        assertThat(HeaderPolicy.forUpstream(List.of())).isEmpty();
    }

    private static HttpHeaders upstream(Map<String, List<String>> headers) {
        return HttpHeaders.of(headers, (name, value) -> true);
    }

    private static Map<String, List<String>> upstreamResponse() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("request-id", List.of("req_01h5azDefPhx42qyjr"));
        headers.put("anthropic-ratelimit-requests-limit", List.of("4000"));
        headers.put("anthropic-ratelimit-requests-remaining", List.of("3999"));
        headers.put("anthropic-ratelimit-tokens-reset", List.of("2026-11-22T04:18:51Z"));
        headers.put("retry-after", List.of("17"));
        headers.put("Content-Type", List.of("text/event-stream; charset=utf-8"));
        headers.put("cache-control", List.of("no-cache"));
        headers.put("content-encoding", List.of("gzip"));
        headers.put("transfer-encoding", List.of("chunked"));
        headers.put("Connection", List.of("keep-alive"));
        headers.put("content-length", List.of("1234"));
        headers.put("Date", List.of("Sun, 22 Nov 2026 04:17:51 GMT"));
        headers.put("server", List.of("cloudflare"));
        headers.put("set-cookie", List.of("__cf_bm=abc; path=/", "_cfuvid=def; path=/"));
        headers.put("keep-alive", List.of("timeout=5"));
        headers.put("via", List.of("1.1 google"));
        return headers;
    }

    @Test
    void forClientKeepsRateLimitsRequestIdAndRetryAfterAndDropsHopByHop() {
        List<Header> returned = HeaderPolicy.forClient(upstream(upstreamResponse()), false);

        assertThat(returned)
                .containsExactlyInAnyOrder(
                        new Header("request-id", "req_01h5azDefPhx42qyjr"),
                        new Header("anthropic-ratelimit-requests-limit", "4000"),
                        new Header("anthropic-ratelimit-requests-remaining", "3999"),
                        new Header("anthropic-ratelimit-tokens-reset", "2026-11-22T04:18:51Z"),
                        new Header("retry-after", "17"),
                        new Header("content-type", "text/event-stream; charset=utf-8"),
                        new Header("cache-control", "no-cache"),
                        new Header("content-encoding", "gzip"),
                        new Header("via", "1.1 google"));
    }

    @Test
    void forClientDropsContentEncodingOnlyWhenTheBodyWasDecoded() {
        List<Header> returned = HeaderPolicy.forClient(upstream(upstreamResponse()), true);

        assertThat(returned).extracting(Header::name).doesNotContain("content-encoding");
        assertThat(returned).extracting(Header::name).contains("request-id", "retry-after", "content-type");
    }

    @Test
    void forClientKeepsRepeatedValuesAndDropsHeadersNamedInConnection() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("connection", List.of("close, X-Upstream-Hop"));
        headers.put("x-upstream-hop", List.of("secret-hop-value"));
        headers.put("vary", List.of("Accept-Encoding", "Origin"));

        List<Header> returned = HeaderPolicy.forClient(upstream(headers), false);

        assertThat(returned).containsExactly(new Header("vary", "Accept-Encoding"), new Header("vary", "Origin"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Transfer-Encoding",
                "connection",
                "Content-Length",
                "date",
                "Server",
                "set-cookie",
                "keep-alive",
                "proxy-connection",
                "proxy-authenticate",
                "te",
                "trailer",
                "upgrade"
            })
    void forClientDrops(String name) {
        List<Header> returned = HeaderPolicy.forClient(upstream(Map.of(name, List.of("v"))), false);

        assertThat(returned).isEmpty();
    }

    @Test
    void forClientReturnsLowerCaseNames() {
        List<Header> returned = HeaderPolicy.forClient(
                upstream(Map.of("Request-Id", List.of("req_1"), "Anthropic-Ratelimit-Tokens-Limit", List.of("480000"))),
                false);

        assertThat(returned)
                .containsExactlyInAnyOrder(
                        new Header("request-id", "req_1"), new Header("anthropic-ratelimit-tokens-limit", "480000"));
    }

    @org.junit.jupiter.api.Test
    void theOAuthBetaIsMergedIntoTheClientsBetasNeverReplacingThem() {
        var merged = HeaderPolicy.withOAuthBeta(java.util.List.of(
                new dev.tollgate.messages.entity.Header(
                        "anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14"),
                new dev.tollgate.messages.entity.Header("anthropic-beta", "context-1m-2025-08-07")));
        org.assertj.core.api.Assertions.assertThat(merged)
                .extracting(dev.tollgate.messages.entity.Header::value)
                .containsExactly(
                        "claude-code-20250219,interleaved-thinking-2025-05-14,oauth-2025-04-20",
                        "context-1m-2025-08-07");

        var added = HeaderPolicy.withOAuthBeta(
                java.util.List.of(new dev.tollgate.messages.entity.Header("anthropic-version", "2023-06-01")));
        org.assertj.core.api.Assertions.assertThat(added)
                .contains(new dev.tollgate.messages.entity.Header("anthropic-beta", "oauth-2025-04-20"));

        var already =
                java.util.List.of(new dev.tollgate.messages.entity.Header("anthropic-beta", "x, oauth-2025-04-20"));
        org.assertj.core.api.Assertions.assertThat(HeaderPolicy.withOAuthBeta(already))
                .isEqualTo(already);
    }
}

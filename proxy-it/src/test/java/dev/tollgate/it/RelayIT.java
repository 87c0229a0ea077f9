package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.sim.RecordedRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The relay in both directions: what reaches the upstream, and what comes back to the client. */
class RelayIT {

    @Test
    void nonStreamingReplyComesBackWithTheUpstreamsStatusBodyAndHeaders() throws Exception {
        String testId = Upstream.newTestId();
        HttpResponse<String> response =
                Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY).header(Upstream.TEST_ID, testId));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"type\":\"message\"")
                .contains("Hello from the Tollgate upstream simulator.");
        assertThat(response.headers().firstValue("request-id"))
                .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        assertThat(response.headers().firstValue("anthropic-ratelimit-requests-limit"))
                .isPresent();
        assertThat(response.headers().firstValue("anthropic-ratelimit-tokens-reset"))
                .isPresent();
        assertThat(response.headers().firstValue("anthropic-organization-id")).isPresent();
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).contains("application/json"));
        assertThat(response.headers().firstValue("x-tollgate-request-id")).isPresent();
        assertThat(response.headers().firstValue("content-length"))
                .hasValue(String.valueOf(response.body().getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void requestReachesTheUpstreamUnchangedExceptForCredentials() throws Exception {
        String testId = Upstream.newTestId();
        // odd but valid: spacing and key order a re-serialiser would change
        String body =
                "{ \"messages\":[{\"role\":\"user\",\"content\":\"Hi \\u00e9 \\ud83d\\ude00\"}],\n \"model\" : \"claude-opus-4-5\","
                        + " \"max_tokens\":16, \"metadata\":{\"user_id\":\"{\\\"a\\\":1}\"} }";
        HttpResponse<String> response = Http.send(Http.post("/v1/messages?beta=true", body)
                .header(Upstream.TEST_ID, testId)
                .header("anthropic-beta", "claude-code-20250219")
                .header("anthropic-beta", "interleaved-thinking-2025-05-14")
                .header("authorization", "Bearer sk-ant-client-bearer-should-not-travel")
                .header("user-agent", "claude-cli/2.1.197 (external, sdk-cli)")
                .header("x-stainless-retry-count", "0")
                .header("x-claude-code-session-id", "aaf89372-44d7-4d89-a6a6-c7feaf91af11")
                .header("msl-train-id", "team-alpha"));
        assertThat(response.statusCode()).isEqualTo(200);

        RecordedRequest received = Upstream.received(testId);
        assertThat(received.body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(received.path()).isEqualTo("/v1/messages");
        assertThat(received.query()).isEqualTo("beta=true");
        assertThat(received.header("x-api-key")).isEqualTo(Rendezvous.keyFor("team-alpha"));
        assertThat(received.header("authorization")).isNull();
        assertThat(received.header("msl-train-id")).isNull();
        assertThat(received.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(String.join(",", received.headerValues("anthropic-beta")))
                .isEqualTo("claude-code-20250219,interleaved-thinking-2025-05-14");
        assertThat(received.header("user-agent")).isEqualTo("claude-cli/2.1.197 (external, sdk-cli)");
        assertThat(received.header("x-stainless-retry-count")).isEqualTo("0");
        assertThat(received.header("x-claude-code-session-id")).isEqualTo("aaf89372-44d7-4d89-a6a6-c7feaf91af11");
    }

    @Test
    void hopByHopHeadersStopAtTollgate() throws Exception {
        String testId = Upstream.newTestId();
        URI base = URI.create(TollgateStack.get().baseUrl());
        byte[] body = Http.SIMPLE_BODY.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Connection: close, x-private-hop\r\nx-private-hop: secret\r\nTE: trailers\r\n"
                            + "Keep-Alive: timeout=5\r\nanthropic-version: 2023-06-01\r\nx-api-key: " + Http.CLIENT_KEY
                            + "\r\n" + Upstream.TEST_ID + ": "
                            + testId
                            + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(reader.readLine()).startsWith("HTTP/1.1 200");
        }
        RecordedRequest received = Upstream.received(testId);
        assertThat(received.header("x-private-hop")).isNull();
        assertThat(received.header("te")).isNull();
        assertThat(received.header("keep-alive")).isNull();
        assertThat(received.header("anthropic-version")).isEqualTo("2023-06-01");
    }

    @Test
    void countTokensAndModelsAreRelayedWithTheirQuery() throws Exception {
        String testId = Upstream.newTestId();
        HttpResponse<String> count = Http.send(Http.post(
                        "/v1/messages/count_tokens",
                        "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")
                .header(Upstream.TEST_ID, testId));
        assertThat(count.statusCode()).isEqualTo(200);
        assertThat(count.body()).matches("\\{\\s*\"input_tokens\"\\s*:\\s*\\d+\\s*}");
        assertThat(Upstream.received(testId).path()).isEqualTo("/v1/messages/count_tokens");

        String modelsTestId = Upstream.newTestId();
        HttpResponse<String> models = Http.send(Http.request("/v1/models?limit=2")
                .header(Upstream.TEST_ID, modelsTestId)
                .GET());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"has_more\":true").contains("\"type\":\"model\"");
        assertThat(Upstream.received(modelsTestId).query()).isEqualTo("limit=2");
    }

    @Test
    void headOnTheRootAnswersAtOnceWithoutCredentials() throws Exception {
        HttpResponse<Void> response = Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(TollgateStack.get().baseUrl() + "/"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aGzipBodyIsDecodedAndItsContentEncodingNotPassedOn() throws Exception {
        HttpResponse<byte[]> response = Http.CLIENT.send(
                Http.post("/v1/messages", Http.SIMPLE_BODY)
                        .header("x-sim-gzip", "true")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-encoding")).isEmpty();
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .startsWith("{")
                .contains("\"type\":\"message\"");
    }
}

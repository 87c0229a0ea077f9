package dev.tollgate.oauth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.tollgate.credentials.entity.OAuthTokens;
import dev.tollgate.oauth.entity.TokenEndpointException;
import dev.tollgate.oauth.entity.TokenGrant;
import dev.tollgate.oauth.entity.TokenRefusedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The token endpoint's answers as the documentation describes them, from a local stand-in. */
class TokenEndpointTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final OAuthTokens CURRENT = new OAuthTokens(
            "sk-ant-oat01-old", "sk-ant-ort01-old", NOW - 1, List.of("user:inference", "user:profile"), true);

    private HttpServer server;
    private final AtomicReference<String> userAgent = new AtomicReference<>();
    private final AtomicReference<String> requestBody = new AtomicReference<>();

    private TokenEndpoint answering(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/oauth/token", exchange -> {
            userAgent.set(exchange.getRequestHeaders().getFirst("user-agent"));
            requestBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return new TokenEndpoint(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/oauth/token",
                "client-1",
                "test-agent/1",
                () -> NOW);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aRotatedRefreshTokenReplacesTheOldOneAndExpiryIsNowPlusExpiresIn() throws IOException {
        OAuthTokens tokens = answering(
                        200,
                        "{\"access_token\":\"sk-ant-oat01-new\",\"refresh_token\":\"sk-ant-ort01-new\","
                                + "\"expires_in\":28800,\"scope\":\"user:inference\"}")
                .refresh(CURRENT, "acc");

        assertThat(tokens.accessToken()).isEqualTo("sk-ant-oat01-new");
        assertThat(tokens.refreshToken()).isEqualTo("sk-ant-ort01-new");
        assertThat(tokens.expiresAt()).isEqualTo(NOW + 28_800_000L);
        assertThat(tokens.scopes()).containsExactly("user:inference");
        assertThat(tokens.isMax()).isTrue();
        assertThat(userAgent.get()).isEqualTo("test-agent/1");
        assertThat(requestBody.get())
                .contains("\"grant_type\":\"refresh_token\"", "\"refresh_token\":\"sk-ant-ort01-old\"")
                .contains("\"client_id\":\"client-1\"", "\"scope\":\"user:inference user:profile\"");
    }

    @Test
    void theAccountAndOrganisationOfTheAnswerAreReportedAndTheSubscriptionKept() throws IOException {
        OAuthTokens cli = new OAuthTokens(
                "sk-ant-oat01-old", "sk-ant-ort01-old", NOW - 1, List.of("user:inference"), true, "max");
        TokenGrant grant = answering(
                        200,
                        "{\"access_token\":\"sk-ant-oat01-new\",\"expires_in\":60,\"account\":{\"uuid\":\"a-1\","
                                + "\"email_address\":\"dev@example.com\"},\"organization\":{\"uuid\":\"o-1\","
                                + "\"name\":\"Example Org\"}}")
                .refreshGrant(cli, "acc");

        assertThat(grant.accountEmail()).isEqualTo("dev@example.com");
        assertThat(grant.organizationName()).isEqualTo("Example Org");
        assertThat(grant.organizationId()).isEqualTo("o-1");
        assertThat(grant.tokens().subscriptionType()).isEqualTo("max");
        stop();

        TokenGrant anonymous = answering(200, "{\"access_token\":\"sk-ant-oat01-new\",\"expires_in\":60}")
                .refreshGrant(cli, "acc");
        assertThat(anonymous.accountEmail()).isNull();
        assertThat(anonymous.organizationName()).isNull();
    }

    @Test
    void anAnswerWithoutARefreshTokenKeepsTheOldOne() throws IOException {
        OAuthTokens tokens = answering(200, "{\"access_token\":\"sk-ant-oat01-new\",\"expires_in\":60}")
                .refresh(CURRENT, "acc");

        assertThat(tokens.refreshToken()).isEqualTo("sk-ant-ort01-old");
        assertThat(tokens.scopes()).isEqualTo(CURRENT.scopes());
        assertThat(tokens.expiresAt()).isEqualTo(NOW + 60_000L);
    }

    @Test
    void invalidGrantIsARefusalAndOtherFailuresAreNot() throws IOException {
        assertThatThrownBy(() -> answering(400, "{\"error\":\"invalid_grant\"}").refresh(CURRENT, "acc"))
                .isInstanceOf(TokenRefusedException.class)
                .hasMessageContaining("acc");
        stop();
        assertThatThrownBy(() -> answering(429, "{\"error\":\"rate_limited\"}").refresh(CURRENT, "acc"))
                .isInstanceOf(TokenEndpointException.class)
                .isNotInstanceOf(TokenRefusedException.class)
                .hasMessageContaining("429");
    }
}

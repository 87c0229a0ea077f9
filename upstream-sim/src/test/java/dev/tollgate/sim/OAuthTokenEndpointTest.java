package dev.tollgate.sim;

import static dev.tollgate.sim.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class OAuthTokenEndpointTest extends SimulatorTestBase {

    static final String CLIENT_ID = "9d1c250a-e61b-44d9-88ed-5944d1962f5e";

    @Test
    void refreshIssuesRotatedTokens() {
        HttpResponse<String> response = refresh("sk-ant-ort01-first-use");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonObject tokens = json(response.body());
        assertThat(tokens.keySet())
                .containsExactly(
                        "access_token",
                        "refresh_token",
                        "expires_in",
                        "scope",
                        "token_type",
                        "organization",
                        "account");
        assertThat(tokens.getString("access_token")).startsWith("sk-ant-oat01-");
        assertThat(tokens.getString("refresh_token")).startsWith("sk-ant-ort01-");
        assertThat(tokens.getInt("expires_in")).isEqualTo(28_800);
        assertThat(tokens.getString("scope")).isEqualTo("user:inference user:profile");
        assertThat(tokens.getString("token_type")).isEqualTo("Bearer");
        assertThat(tokens.getJsonObject("account").getString("email_address")).isEqualTo("simulated.user@example.com");
        assertThat(tokens.getJsonObject("organization").getString("name")).isEqualTo("Simulated Organization");
        assertThat(tokens.getJsonObject("organization").getString("uuid")).isNotBlank();
    }

    @Test
    void aRotatedRefreshTokenCannotBeUsedTwice() {
        HttpResponse<String> first = refresh("sk-ant-ort01-rotated");
        HttpResponse<String> second = refresh("sk-ant-ort01-rotated");
        HttpResponse<String> successor = refresh(json(first.body()).getString("refresh_token"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(json(second.body()).getString("error")).isEqualTo("invalid_grant");
        assertThat(json(second.body()).getString("error_description")).isEqualTo("Refresh token not found or invalid");
        assertThat(successor.statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedRefreshTokenIsRefused() {
        simulator.revokeRefreshToken("sk-ant-ort01-revoked");

        HttpResponse<String> response = refresh("sk-ant-ort01-revoked");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).getString("error")).isEqualTo("invalid_grant");
    }

    @Test
    void refreshWithoutClientIdIsAnInvalidRequest() {
        HttpResponse<String> response = client.send(client.post(
                "/v1/oauth/token", "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"sk-ant-ort01-x\"}"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).getString("error")).isEqualTo("invalid_request");
        assertThat(json(response.body()).getString("error_description")).contains("client_id");
    }

    @Test
    void authorizationCodeIsExchangedOnce() {
        String body = "{\"grant_type\":\"authorization_code\",\"code\":\"abc\",\"code_verifier\":\"v\","
                + "\"client_id\":\"" + CLIENT_ID + "\",\"redirect_uri\":\"https://example.test/cb\",\"state\":\"s\"}";

        HttpResponse<String> first = client.send(client.post("/v1/oauth/token", body));
        HttpResponse<String> second = client.send(client.post("/v1/oauth/token", body));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first.body()).getString("access_token")).startsWith("sk-ant-oat01-");
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(json(second.body()).getString("error")).isEqualTo("invalid_grant");
    }

    @Test
    void authorizationCodeNeedsTheVerifier() {
        HttpResponse<String> response = client.send(client.post(
                "/v1/oauth/token",
                "{\"grant_type\":\"authorization_code\",\"code\":\"c\",\"client_id\":\"x\",\"redirect_uri\":\"r\"}"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).getString("error_description")).contains("code_verifier");
    }

    @Test
    void scriptedFailureAnswersOnceWithThatStatus() {
        simulator.failNextTokenRequest(429);

        HttpResponse<String> failed = refresh("sk-ant-ort01-after-failure");
        HttpResponse<String> retried = refresh("sk-ant-ort01-after-failure");

        assertThat(failed.statusCode()).isEqualTo(429);
        assertThat(failed.headers().firstValue("retry-after")).isPresent();
        assertThat(retried.statusCode()).isEqualTo(200);
    }

    @Test
    void scriptedFailureNeedsAnErrorStatus() {
        assertThatThrownBy(() -> simulator.failNextTokenRequest(200)).isInstanceOf(IllegalArgumentException.class);
    }

    private static HttpResponse<String> refresh(String refreshToken) {
        return client.send(client.post(
                "/v1/oauth/token",
                "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + refreshToken + "\",\"client_id\":\""
                        + CLIENT_ID + "\",\"scope\":\"user:profile user:inference\"}"));
    }
}

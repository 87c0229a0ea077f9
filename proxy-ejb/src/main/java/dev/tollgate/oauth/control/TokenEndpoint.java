package dev.tollgate.oauth.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.credentials.entity.OAuthTokens;
import dev.tollgate.messages.control.JsonDocuments;
import dev.tollgate.oauth.entity.TokenEndpointException;
import dev.tollgate.oauth.entity.TokenGrant;
import dev.tollgate.oauth.entity.TokenRefusedException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The Claude OAuth token endpoint: refresh ({@code grant_type=refresh_token}) and the code exchange
 * of a PKCE login. A rotated refresh token replaces the old one; an answer without one keeps it;
 * {@code expiresAt = now + expires_in * 1000}.
 */
public class TokenEndpoint {

    public static final String DEFAULT_URL = "https://platform.claude.com/v1/oauth/token";
    public static final String DEFAULT_CLIENT_ID = "9d1c250a-e61b-44d9-88ed-5944d1962f5e";
    static final String DEFAULT_SCOPE = "user:profile user:inference";
    /**
     * The endpoint may refuse (429) user agents it does not know; the client id is Claude Code's,
     * so is the default user agent. {@code CLAUDE_OAUTH_USER_AGENT} changes it.
     */
    public static final String DEFAULT_USER_AGENT = "claude-cli/2.1.197 (external, cli)";

    private final HttpClient client;
    private final URI url;
    private final String clientId;
    private final String userAgent;
    private final LongSupplier clock;

    public TokenEndpoint(String url, String clientId) {
        this(url, clientId, DEFAULT_USER_AGENT, System::currentTimeMillis);
    }

    public TokenEndpoint(String url, String clientId, String userAgent) {
        this(url, clientId, userAgent, System::currentTimeMillis);
    }

    TokenEndpoint(String url, String clientId, String userAgent, LongSupplier clock) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .version(url.startsWith("https:") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
        this.url = URI.create(url);
        this.clientId = clientId;
        this.userAgent = userAgent;
        this.clock = clock;
    }

    public OAuthTokens refresh(OAuthTokens current, String accountName) {
        return refreshGrant(current, accountName).tokens();
    }

    /** A refresh, with the account and organisation the endpoint named in its answer, if any. */
    public TokenGrant refreshGrant(OAuthTokens current, String accountName) {
        if (current.refreshToken() == null || current.refreshToken().isBlank()) {
            throw new TokenRefusedException("No refresh token available for account " + accountName);
        }
        String scope = current.scopes().isEmpty() ? DEFAULT_SCOPE : String.join(" ", current.scopes());
        JsonObject request = JSON.createObjectBuilder()
                .add("grant_type", "refresh_token")
                .add("refresh_token", current.refreshToken())
                .add("client_id", clientId)
                .add("scope", scope)
                .build();
        JsonObject answer = post(request, accountName);
        JsonObject account = answer.get("account") instanceof JsonObject object ? object : null;
        JsonObject organization = answer.get("organization") instanceof JsonObject object ? object : null;
        return new TokenGrant(
                tokens(answer, current),
                text(account, "email_address"),
                text(organization, "name"),
                text(organization, "uuid"));
    }

    private static String text(JsonObject json, String key) {
        return json != null
                        && json.get(key) instanceof JsonString value
                        && !value.getString().isBlank()
                ? value.getString()
                : null;
    }

    public OAuthTokens exchangeCode(String code, String state, String verifier, String redirectUri) {
        JsonObject request = JSON.createObjectBuilder()
                .add("grant_type", "authorization_code")
                .add("code", code)
                .add("state", state)
                .add("client_id", clientId)
                .add("redirect_uri", redirectUri)
                .add("code_verifier", verifier)
                .build();
        return tokens(post(request, "login"), new OAuthTokens(null, null, 0, List.of(), false));
    }

    private JsonObject post(JsonObject body, String accountName) {
        HttpResponse<String> response;
        try {
            response = client.send(
                    HttpRequest.newBuilder(url)
                            .timeout(Duration.ofSeconds(30))
                            .header("content-type", "application/json")
                            .header("accept", "application/json")
                            .header("user-agent", userAgent)
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenEndpointException(
                    "token endpoint " + url + " unreachable: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenEndpointException("interrupted while calling the token endpoint", e);
        }
        JsonObject json = JsonDocuments.parseObjectOrNull(response.body());
        if (response.statusCode() == 400 || response.statusCode() == 401) {
            String error = json != null && json.get("error") instanceof JsonString text ? text.getString() : null;
            if ("invalid_grant".equals(error) || response.statusCode() == 401) {
                throw new TokenRefusedException("The token endpoint refused the refresh token of account " + accountName
                        + " (" + error + "): it expired, was revoked or was already used");
            }
        }
        if (response.statusCode() != 200 || json == null) {
            throw new TokenEndpointException(
                    "token endpoint answered " + response.statusCode() + (json == null ? " without JSON" : ""), null);
        }
        return json;
    }

    private OAuthTokens tokens(JsonObject json, OAuthTokens previous) {
        if (!(json.get("access_token") instanceof JsonString access)
                || !(json.get("expires_in") instanceof JsonNumber expiresIn)) {
            throw new TokenEndpointException("token endpoint answer lacks access_token or expires_in", null);
        }
        String refresh =
                json.get("refresh_token") instanceof JsonString rotated ? rotated.getString() : previous.refreshToken();
        List<String> scopes = json.get("scope") instanceof JsonString scope
                ? Arrays.asList(scope.getString().trim().split("\\s+"))
                : previous.scopes();
        return new OAuthTokens(
                access.getString(),
                refresh,
                clock.getAsLong() + expiresIn.longValue() * 1000,
                scopes,
                previous.isMax(),
                previous.subscriptionType());
    }
}

package dev.tollgate.sim;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code POST /v1/oauth/token}, the token endpoint of Claude subscription accounts: refresh and
 * authorization-code grants with JSON bodies, answered in the OAuth error shape
 * ({@code {"error":...,"error_description":...}}).
 *
 * <p>What matters for Tollgate is rotation: every refresh returns a new refresh token and the old one stops
 * working, so two concurrent refreshes of one account lock it out. The simulator therefore accepts any
 * refresh token once and refuses it afterwards, and refuses revoked ones. Authorization codes are single
 * use too. The memory of spent values is bounded ({@link #REMEMBERED_VALUES}), which a test never reaches.
 */
final class OAuthTokenEndpoint {

    static final int EXPIRES_IN_SECONDS = 28_800;
    static final String GRANTED_SCOPE = "user:inference user:profile";
    static final int REMEMBERED_VALUES = 100_000;
    /** Who the simulated tokens belong to: the answer names them as the real one does for Claude Code. */
    static final String ACCOUNT_UUID = "4f1c3a52-0000-4000-8000-5e1a7a0c0001";

    static final String ACCOUNT_EMAIL = "simulated.user@example.com";
    static final String ORGANIZATION_UUID = "9b2d7e61-0000-4000-8000-5e1a7a0c0002";
    static final String ORGANIZATION_NAME = "Simulated Organization";

    private final Set<String> spentRefreshTokens = boundedSet();
    private final Set<String> revokedRefreshTokens = boundedSet();
    private final Set<String> spentAuthorizationCodes = boundedSet();
    private final Queue<Integer> scriptedFailures = new ConcurrentLinkedQueue<>();
    /** Refresh-token grants asked for, granted or not: what "refreshed exactly once" is checked by. */
    private final java.util.concurrent.atomic.AtomicLong refreshGrants = new java.util.concurrent.atomic.AtomicLong();

    long refreshGrants() {
        return refreshGrants.get();
    }

    void revokeRefreshToken(String refreshToken) {
        revokedRefreshTokens.add(refreshToken);
    }

    private final Set<String> revokedAccessTokens = boundedSet();

    /** The Messages API answers 401 to this access token from now on, expired or not. */
    void revokeAccessToken(String accessToken) {
        revokedAccessTokens.add(accessToken);
    }

    boolean isRevokedAccessToken(String accessToken) {
        return accessToken != null && revokedAccessTokens.contains(accessToken);
    }

    /** Makes the next token request fail with this status, e.g. 429 as the endpoint answers unknown clients. */
    void failNextRequest(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is between 400 and 599, got " + status);
        }
        scriptedFailures.add(status);
    }

    void handle(HttpExchange exchange, byte[] body) throws IOException {
        Integer scriptedStatus = scriptedFailures.poll();
        if (scriptedStatus != null) {
            sendScriptedFailure(exchange, scriptedStatus);
            return;
        }
        JsonObject request = parseObject(body);
        if (request == null) {
            sendOAuthError(exchange, "invalid_request", "The request body must be a JSON object");
            return;
        }
        String grantType = stringField(request, "grant_type");
        if (grantType == null) {
            sendOAuthError(exchange, "invalid_request", "Missing required parameter: grant_type");
        } else if (grantType.equals("refresh_token")) {
            refresh(exchange, request);
        } else if (grantType.equals("authorization_code")) {
            exchangeCode(exchange, request);
        } else {
            sendOAuthError(exchange, "unsupported_grant_type", "Unsupported grant_type: " + grantType);
        }
    }

    private void refresh(HttpExchange exchange, JsonObject request) throws IOException {
        String missing = firstMissing(request, "refresh_token", "client_id");
        if (missing != null) {
            sendOAuthError(exchange, "invalid_request", "Missing required parameter: " + missing);
            return;
        }
        String refreshToken = stringField(request, "refresh_token");
        refreshGrants.incrementAndGet();
        // add() is the atomic check-and-spend: of two concurrent refreshes with one token, only one wins
        if (revokedRefreshTokens.contains(refreshToken) || !spentRefreshTokens.add(refreshToken)) {
            sendOAuthError(exchange, "invalid_grant", "Refresh token not found or invalid");
            return;
        }
        sendTokens(exchange);
    }

    private void exchangeCode(HttpExchange exchange, JsonObject request) throws IOException {
        String missing = firstMissing(request, "code", "code_verifier", "client_id", "redirect_uri");
        if (missing != null) {
            sendOAuthError(exchange, "invalid_request", "Missing required parameter: " + missing);
            return;
        }
        if (!spentAuthorizationCodes.add(stringField(request, "code"))) {
            sendOAuthError(exchange, "invalid_grant", "Invalid authorization code");
            return;
        }
        sendTokens(exchange);
    }

    private static void sendTokens(HttpExchange exchange) throws IOException {
        JsonObject tokens = JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("access_token", Ids.oauthAccessToken())
                .add("refresh_token", Ids.oauthRefreshToken())
                .add("expires_in", EXPIRES_IN_SECONDS)
                .add("scope", GRANTED_SCOPE)
                .add("token_type", "Bearer")
                // the real endpoint names the login's owner; Claude Code and CCProxy show them
                .add(
                        "organization",
                        JsonFactories.BUILDERS
                                .createObjectBuilder()
                                .add("uuid", ORGANIZATION_UUID)
                                .add("name", ORGANIZATION_NAME))
                .add(
                        "account",
                        JsonFactories.BUILDERS
                                .createObjectBuilder()
                                .add("uuid", ACCOUNT_UUID)
                                .add("email_address", ACCOUNT_EMAIL))
                .build();
        send(exchange, 200, tokens);
    }

    private static void sendScriptedFailure(HttpExchange exchange, int status) throws IOException {
        switch (status) {
            case 400 -> sendOAuthError(exchange, "invalid_grant", "Refresh token not found or invalid");
            case 401 -> send(exchange, 401, oauthError("invalid_client", "Client authentication failed"));
            default -> ApiResponses.sendError(exchange, status, ErrorBodies.defaultMessageFor(status));
        }
    }

    private static void sendOAuthError(HttpExchange exchange, String error, String description) throws IOException {
        send(exchange, 400, oauthError(error, description));
    }

    private static JsonObject oauthError(String error, String description) {
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("error", error)
                .add("error_description", description)
                .build();
    }

    private static void send(HttpExchange exchange, int status, JsonObject body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("request-id", Ids.requestId());
        headers.set("content-type", ApiResponses.JSON);
        headers.set("cache-control", "no-store"); // RFC 6749 5.1: token responses must not be cached
        ApiResponses.sendBytes(exchange, status, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject parseObject(byte[] body) {
        try (var reader = JsonFactories.READERS.createReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
            JsonValue value = reader.readValue();
            return value.getValueType() == JsonValue.ValueType.OBJECT ? value.asJsonObject() : null;
        } catch (JsonException | NoSuchElementException e) {
            return null;
        }
    }

    private static String firstMissing(JsonObject request, String... names) {
        for (String name : names) {
            if (stringField(request, name) == null) {
                return name;
            }
        }
        return null;
    }

    /** A non-empty string field, or null. */
    private static String stringField(JsonObject request, String name) {
        return request.get(name) instanceof JsonString string
                        && !string.getString().isEmpty()
                ? string.getString()
                : null;
    }

    private static Set<String> boundedSet() {
        Map<String, Boolean> oldestFirst = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED_VALUES;
            }
        };
        return Collections.synchronizedSet(Collections.newSetFromMap(oldestFirst));
    }
}

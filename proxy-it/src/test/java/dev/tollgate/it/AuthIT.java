package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client authentication with every key source and header form the seeds use, reloaded while running. */
class AuthIT {

    /** Bounds the wait for a reload; Tollgate rescans every second. Not a performance threshold. */
    private static final long RELOAD_WAIT_MILLIS = 10_000;

    private static HttpRequest.Builder withoutKey(String trainId) {
        return HttpRequest.newBuilder(URI.create(TollgateStack.get().baseUrl() + "/v1/messages"))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("msl-train-id", trainId)
                .POST(HttpRequest.BodyPublishers.ofString(Http.SIMPLE_BODY));
    }

    private static int status(HttpRequest.Builder request) throws Exception {
        return Http.send(request).statusCode();
    }

    @Test
    void aRequestWithoutAKeyIs401WithWwwAuthenticateAndIsJournaled() throws Exception {
        HttpResponse<String> response = Http.send(withoutKey("no-key-train"));
        ErrorsIT.assertAnthropicError(response, 401, "authentication_error");
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer");

        Map<String, Object> row = JournalRows.awaitRow(ErrorsIT.requestId(response));
        assertThat(row.get("response_status")).isEqualTo(401);
        assertThat(row.get("train_id")).isEqualTo("no-key-train");
        assertThat((String) row.get("error")).contains("No API key");
        assertThat(TollgateStack.get().simulator().recordedRequests().stream()
                        .noneMatch(received -> "no-key-train".equals(received.header("msl-train-id"))))
                .isTrue();
    }

    @Test
    void aWrongKeyIs401AndTheJournalKeepsAFingerprintNeverTheKey() throws Exception {
        String guess = "cnp_live_guessing_" + UUID.randomUUID();
        HttpResponse<String> response = Http.send(withoutKey("guess-train").header("x-api-key", guess));
        ErrorsIT.assertAnthropicError(response, 401, "authentication_error");
        assertThat(ErrorsIT.message(response)).isEqualTo("Invalid API key.");

        Map<String, Object> row = JournalRows.awaitRow(ErrorsIT.requestId(response));
        assertThat(row.get("api_key_hash")).asString().hasSize(64);
        assertThat(row.values().toString()).doesNotContain(guess);
    }

    @Test
    void xApiKeyTakesPrecedenceOverBearer() throws Exception {
        assertThat(status(withoutKey("precedence")
                        .header("x-api-key", Http.CLIENT_KEY)
                        .header("authorization", "Bearer cnp_live_wrong")))
                .isEqualTo(200);
        assertThat(status(withoutKey("precedence")
                        .header("x-api-key", "cnp_live_wrong")
                        .header("authorization", "Bearer " + Http.CLIENT_KEY)))
                .isEqualTo(401);
        assertThat(status(withoutKey("precedence").header("authorization", "Bearer " + Http.CLIENT_KEY)))
                .isEqualTo(200);
    }

    @Test
    void aTrainKeyFileIsPickedUpRotatedAndRemovedWhileTollgateRuns() throws Exception {
        String train = "hot-" + UUID.randomUUID().toString().substring(0, 8);
        Path keyFile = TollgateStack.credentialsDirectory()
                .resolve("train-client-keys")
                .resolve(train + ".client-keys.json");
        String first = "cnp_live_first_" + UUID.randomUUID();
        String second = "cnp_live_second_" + UUID.randomUUID();
        assertThat(status(withoutKey(train).header("x-api-key", first))).isEqualTo(401);

        Files.writeString(keyFile, "{\"keys\":[\"" + first + "\"]}");
        awaitStatus(200, () -> status(withoutKey(train).header("x-api-key", first)));
        // valid for its own train only
        assertThat(status(withoutKey(train + "-other").header("x-api-key", first)))
                .isEqualTo(401);

        Files.writeString(keyFile, "[\"" + second + "\"]"); // rotation, bare-array form
        awaitStatus(200, () -> status(withoutKey(train).header("authorization", "Bearer " + second)));
        assertThat(status(withoutKey(train).header("x-api-key", first))).isEqualTo(401);

        Files.delete(keyFile);
        awaitStatus(401, () -> status(withoutKey(train).header("x-api-key", second)));
    }

    @Test
    void aKeyIssuedThroughTheDatabaseWorksUntilRevoked() throws Exception {
        String key = "cnp_live_issued_" + UUID.randomUUID();
        String digest = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        UUID id = UUID.randomUUID();
        try (var connection = TollgateStack.get().openDatabaseConnection();
                var insert = connection.prepareStatement(
                        "INSERT INTO client_api_keys"
                                + " (id, train_id, name, key_sha256, key_prefix, key_suffix) VALUES (?, 'issued-train', 'it', ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, digest);
            insert.setString(3, key.substring(0, 12));
            insert.setString(4, key.substring(key.length() - 4));
            insert.executeUpdate();
        }
        awaitStatus(200, () -> status(withoutKey("issued-train").header("x-api-key", key)));
        assertThat(status(withoutKey("another-train").header("x-api-key", key))).isEqualTo(401);

        try (var connection = TollgateStack.get().openDatabaseConnection();
                var revoke =
                        connection.prepareStatement("UPDATE client_api_keys SET revoked_at = now() WHERE id = ?")) {
            revoke.setObject(1, id);
            revoke.executeUpdate();
        }
        awaitStatus(401, () -> status(withoutKey("issued-train").header("x-api-key", key)));
    }

    @Test
    void aCredentialFilesClientKeyWorksForEveryTrainInTrainMode() throws Exception {
        assertThat(status(withoutKey("any-train-1").header("x-api-key", TollgateStack.ACCOUNT_FILE_CLIENT_KEY)))
                .isEqualTo(200);
        assertThat(status(
                        withoutKey("any-train-2").header("authorization", "Bearer " + TollgateStack.DOMAIN_CLIENT_KEY)))
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "..",
                "../../etc/passwd",
                "%2e%2e",
                "%2e%2e%2fetc",
                "a/b",
                "a\\b",
                "/etc/passwd",
                ".hidden",
                "-dash-first",
                "train id",
                "t;rm -rf",
                "C:\\Windows"
            })
    void hostileTrainIdsAndAccountNamesAre400(String hostile) throws Exception {
        for (String header : new String[] {"msl-train-id", "x-train-id", "msl-account"}) {
            HttpResponse<String> response =
                    Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY).header(header, hostile));
            ErrorsIT.assertAnthropicError(response, 400, "invalid_request_error");
        }
    }

    @Test
    void aTrainIdOf128CharactersIsFineAnd129Is400() throws Exception {
        assertThat(status(Http.post("/v1/messages", Http.SIMPLE_BODY).header("msl-train-id", "t".repeat(128))))
                .isEqualTo(200);
        assertThat(status(Http.post("/v1/messages", Http.SIMPLE_BODY).header("msl-train-id", "t".repeat(129))))
                .isEqualTo(400);
    }

    @Test
    void controlCharactersAndLookAlikeLettersAre400() throws Exception {
        // raw requests: HTTP clients refuse to send these, attackers do not
        assertThat(rawStatus("MSL-Train-Id: a\u0000b")).isEqualTo(400);
        assertThat(rawStatus("MSL-Account: ..\u0000")).isEqualTo(400);
        assertThat(rawStatus("X-TRAIN-ID: \u0430lpha")).isEqualTo(400); // Cyrillic a, looks like alpha
        assertThat(rawStatus("MSL-Train-Id: t\u00e9am")).isEqualTo(400);
        assertThat(rawStatus("MSL-Train-Id: plain-train")).isEqualTo(200);
    }

    @Test
    void aHostThatCouldNameAFileIs400() throws Exception {
        for (String host :
                new String[] {"../../etc/passwd", "a\\b.example.com", "evil.com/x", "%2e%2e", "\u0430pp1.example.com"
                }) {
            String statusLine = RawHttp.post(
                    "/v1/messages",
                    Http.SIMPLE_BODY,
                    "Host: " + host,
                    "Content-Type: application/json",
                    "x-api-key: " + Http.CLIENT_KEY);
            assertThat(statusLine).as("Host: %s", host).contains(" 400 ");
        }
        assertThat(RawHttp.post(
                        "/v1/messages",
                        Http.SIMPLE_BODY,
                        "Host: [::1]:3000",
                        "Content-Type: application/json",
                        "x-api-key: " + Http.CLIENT_KEY))
                .contains(" 200 ");
    }

    private static int rawStatus(String headerLine) throws Exception {
        String statusLine = RawHttp.post(
                "/v1/messages",
                Http.SIMPLE_BODY,
                headerLine,
                "Content-Type: application/json",
                "x-api-key: " + Http.CLIENT_KEY);
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    static void awaitStatus(int expected, Callable<Integer> request) throws Exception {
        long start = System.currentTimeMillis();
        int last = -1;
        while (System.currentTimeMillis() - start < RELOAD_WAIT_MILLIS) {
            last = request.call();
            if (last == expected) {
                System.out.println("reload took effect after " + (System.currentTimeMillis() - start) + " ms");
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("still " + last + " instead of " + expected + " after " + RELOAD_WAIT_MILLIS + " ms");
    }
}

package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.cli.launch.PayaraMicroProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Quotas over HTTP: the requests up to a limit pass, the next one gets the API's own 429 with
 * {@code retry-after} and is journaled as a quota refusal; a token limit; a limit changed in the
 * file applies without restart, a broken file keeps the limits in force; and after a restart on
 * the same database the counts go on where they were. A Tollgate, a PostgreSQL and a simulator of
 * their own, so the limits disturb no other test. Every limit is per hour, so that no window can
 * slide while the test runs, however slow the machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuotaIT {

    private static final String CLIENT_KEY = "cnp_test_quota_it_shared_key_0123456789abcdef";
    /** A second key, the client_api_key of the account file: valid for every train. */
    private static final String LIMITED_KEY = "cnp_test_quota_it_limited_key_0123456789abcdef";

    private static final String SALT = "quota-it-salt";

    private static OwnStack stack;
    private static Path quotaFile;
    private static PayaraMicroProcess tollgate;
    private static Path log;

    @BeforeAll
    static void start() throws Exception {
        stack = OwnStack.create("quotas");
        quotaFile = stack.work().resolve("quotas.json");
        writeQuotas(1);
        tollgate = startTollgate("payara-micro-quotas.log");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void requestsUpToTheLimitPassAndTheNextGetsTheApisRateLimitError() throws Exception {
        stack.simulator().clearRecordedRequests();
        for (int i = 0; i < 3; i++) {
            assertThat(message("q-requests", CLIENT_KEY).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> refused = message("q-requests", CLIENT_KEY);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        long retryAfter =
                Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 3600L);
        String requestId = refused.headers().firstValue("x-tollgate-request-id").orElseThrow();
        JsonObject body = json(refused.body());
        assertThat(body.getString("type")).isEqualTo("error");
        assertThat(body.getJsonObject("error").getString("type")).isEqualTo("rate_limit_error");
        assertThat(body.getJsonObject("error").getString("message"))
                .startsWith("quota exceeded: train q-requests may send 3 requests per hour; retry in ")
                .doesNotContain(CLIENT_KEY);
        assertThat(stack.simulator().recordedRequests())
                .as("requests that reached the upstream")
                .hasSize(3);

        Map<String, Object> row = awaitRow(requestId);
        assertThat(row.get("response_status")).isEqualTo(429);
        assertThat((String) row.get("error")).startsWith("quota exceeded");
        assertThat(row.get("account_id")).isNull();
        assertThat(countRows("SELECT count(*) FROM api_requests WHERE train_id = 'q-requests'"
                        + " AND error LIKE 'quota exceeded%'"))
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    void aTokenLimitRefusesOnceTheWindowsTokensReachedIt() throws Exception {
        // the first request is admitted (nothing used yet) and uses more than the limit: it completes
        HttpResponse<String> first = message("q-tokens", CLIENT_KEY);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        Map<String, Object> row =
                awaitRow(first.headers().firstValue("x-tollgate-request-id").orElseThrow());
        assertThat(((Number) row.get("total_tokens")).longValue()).isGreaterThanOrEqualTo(20);

        // the journal announced it before storing its row: the next request sees its tokens
        HttpResponse<String> refused = message("q-tokens", CLIENT_KEY);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        assertThat(json(refused.body()).getJsonObject("error").getString("message"))
                .startsWith("quota exceeded: train q-tokens has used its 20 tokens per hour");
    }

    @Test
    @Order(3)
    void aClientKeyLimitCountsTheKeyOnEveryTrain() throws Exception {
        assertThat(message("q-key-1", LIMITED_KEY).statusCode()).isEqualTo(200);
        assertThat(message("q-key-2", LIMITED_KEY).statusCode()).isEqualTo(200);

        HttpResponse<String> refused = message("q-key-3", LIMITED_KEY);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(json(refused.body()).getJsonObject("error").getString("message"))
                .startsWith("quota exceeded: this client key (quota-it limited key) may send 2 requests per hour")
                .doesNotContain(LIMITED_KEY)
                .doesNotContain(keyHash(LIMITED_KEY));
        // another key on the same train is not affected
        assertThat(message("q-key-3", CLIENT_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void theOpenAiPathGetsOpenAisErrorShapeWithRetryAfter() throws Exception {
        assertThat(chatCompletion("q-openai").statusCode()).isEqualTo(200);

        HttpResponse<String> refused = chatCompletion("q-openai");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        assertThat(refused.headers().firstValue("x-tollgate-request-id")).isPresent();
        JsonObject body = json(refused.body());
        assertThat(body.keySet()).containsExactly("error");
        JsonObject error = body.getJsonObject("error");
        assertThat(error.keySet()).contains("message", "type", "param", "code");
        assertThat(error.getString("message"))
                .startsWith("quota exceeded: train q-openai may send 1 requests per hour");
        assertThat(error.getString("type")).isEqualTo("rate_limit_error");
    }

    @Test
    @Order(5)
    void aLimitChangedInTheFileAppliesWithoutRestartAndABrokenFileKeepsIt() throws Exception {
        assertThat(message("q-reload", CLIENT_KEY).statusCode()).isEqualTo(200);
        assertThat(message("q-reload", CLIENT_KEY).statusCode()).isEqualTo(429);

        writeQuotas(3); // q-reload: 3 requests per hour instead of 1
        long deadline = System.currentTimeMillis() + 60_000;
        int status = 429;
        while (status == 429 && System.currentTimeMillis() < deadline) {
            status = message("q-reload", CLIENT_KEY).statusCode(); // refused ones do not count
            if (status == 429) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        assertThat(status).as("a request once the new limit is loaded").isEqualTo(200);
        assertThat(message("q-reload", CLIENT_KEY).statusCode()).isEqualTo(200);
        assertThat(message("q-reload", CLIENT_KEY).statusCode()).isEqualTo(429);

        Files.writeString(quotaFile, "{\"trains\": {\"q-reload\": {\"requests\": {\"hour\": 100}}"); // broken
        awaitLog("Quota file " + quotaFile.toAbsolutePath() + ": not a JSON object", 1);
        assertThat(message("q-reload", CLIENT_KEY).statusCode())
                .as("the limit last loaded stays in force")
                .isEqualTo(429);
        writeQuotas(3);
        awaitLog("Quotas reloaded from", 2);
    }

    @Test
    @Order(6)
    void afterARestartOnTheSameDatabaseTheCountsGoOn() throws Exception {
        HttpResponse<String> beforeRestart = message("q-fresh", CLIENT_KEY);
        assertThat(beforeRestart.statusCode()).isEqualTo(200);
        // one writer stores the rows in order: once the last one is in, every earlier one is too
        awaitRow(beforeRestart.headers().firstValue("x-tollgate-request-id").orElseThrow());
        tollgate = startTollgate("payara-micro-quotas-restarted.log");

        assertThat(message("q-requests", CLIENT_KEY).statusCode())
                .as("3 of 3 requests used before the restart")
                .isEqualTo(429);
        assertThat(message("q-tokens", CLIENT_KEY).statusCode())
                .as("the tokens used before the restart")
                .isEqualTo(429);
        assertThat(message("q-key-3", LIMITED_KEY).statusCode())
                .as("the client key's 2 requests before the restart")
                .isEqualTo(429);
        assertThat(message("q-reload", CLIENT_KEY).statusCode()).isEqualTo(429);
        // a train with room left goes on counting from where it was: 1 of 2 used
        assertThat(message("q-fresh", CLIENT_KEY).statusCode()).isEqualTo(200);
        assertThat(message("q-fresh", CLIENT_KEY).statusCode()).isEqualTo(429);
    }

    /** The quota file; {@code reloadLimit} is q-reload's requests per hour. */
    private static void writeQuotas(int reloadLimit) throws IOException {
        String quotas =
                """
                {
                  "trains": {
                    "*": {},
                    "q-requests": { "requests": { "hour": 3 } },
                    "q-tokens": { "tokens": { "hour": 20 } },
                    "q-openai": { "requests": { "hour": 1 } },
                    "q-reload": { "requests": { "hour": %d } },
                    "q-fresh": { "requests": { "hour": 2 } }
                  },
                  "clientKeys": {
                    "%s": { "name": "quota-it limited key", "requests": { "hour": 2 } }
                  }
                }
                """
                        .formatted(reloadLimit, keyHash(LIMITED_KEY));
        // written next to it and moved over it, as an editor or a config management tool would
        Path next = quotaFile.resolveSibling("quotas.json.next");
        Files.writeString(next, quotas);
        Files.move(next, quotaFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static PayaraMicroProcess startTollgate(String logName) throws IOException {
        Files.writeString(
                stack.credentials().resolve("quota.credentials.json"),
                "{\"type\":\"api_key\",\"accountId\":\"acc_quota\",\"api_key\":\"sk-ant-api03-quota-it-key\","
                        + "\"client_api_key\":\"" + LIMITED_KEY + "\"}");
        log = stack.work().resolve(logName);
        return stack.startTollgate(
                log,
                Map.of(
                        "SECURITY__AUTH_TOKEN", CLIENT_KEY,
                        "API_KEY_SALT", SALT,
                        "TOLLGATE_QUOTAS_FILE", quotaFile.toAbsolutePath().toString()));
    }

    private static HttpResponse<String> message(String train, String key) throws Exception {
        return Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + "/v1/messages"))
                        .header("x-api-key", key)
                        .header("content-type", "application/json")
                        .header("anthropic-version", "2023-06-01")
                        .header("x-train-id", train)
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(Http.SIMPLE_BODY))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> chatCompletion(String train) throws Exception {
        return Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + "/openai/v1/chat/completions"))
                        .header("authorization", "Bearer " + CLIENT_KEY)
                        .header("content-type", "application/json")
                        .header("x-train-id", train)
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"claude-sonnet-4-5\",\"max_completion_tokens\":64,"
                                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code api_requests.api_key_hash} of a key: SHA-256 of the salt and the key. */
    static String keyHash(String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(SALT.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    /** The journal row of a request, once the writer has stored it. */
    private static Map<String, Object> awaitRow(String requestId) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try (Connection connection =
                            DriverManager.getConnection(stack.database().jdbcUrl());
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT response_status, error, account_id, total_tokens FROM api_requests"
                                    + " WHERE request_id = CAST(? AS uuid)")) {
                statement.setString(1, requestId);
                try (ResultSet result = statement.executeQuery()) {
                    if (result.next()) {
                        Map<String, Object> row = new HashMap<>();
                        row.put("response_status", result.getInt(1));
                        row.put("error", result.getString(2));
                        row.put("account_id", result.getString(3));
                        row.put("total_tokens", result.getLong(4));
                        return row;
                    }
                }
            }
            assertThat(System.currentTimeMillis())
                    .as("journal row of " + requestId + " within 30 s")
                    .isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static long countRows(String sql) throws Exception {
        try (Connection connection =
                        DriverManager.getConnection(stack.database().jdbcUrl());
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Waits until Tollgate's log holds a line as often as asked (a reload is polled, not signalled). */
    private static void awaitLog(String text, int times) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (occurrences(Files.readString(log, StandardCharsets.ISO_8859_1), text) < times) {
            assertThat(System.currentTimeMillis())
                    .as("\"" + text + "\" " + times + " time(s) in " + log + " within 60 s")
                    .isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private static int occurrences(String haystack, String needle) {
        int count = 0;
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }
}

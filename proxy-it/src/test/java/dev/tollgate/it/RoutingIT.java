package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.sim.RecordedRequest;
import dev.tollgate.sim.Scenario;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which account serves a request, in each mode of the seeds, and failover on 429/529. */
class RoutingIT {

    private static List<RecordedRequest> received(String testId) {
        return TollgateStack.get().simulator().recordedRequests().stream()
                .filter(request -> testId.equals(request.header(Upstream.TEST_ID)))
                .toList();
    }

    @Test
    void trainModeServesEachTrainFromItsRendezvousAccount() throws Exception {
        for (String account : TollgateStack.ACCOUNT_KEYS.keySet()) {
            String train = Rendezvous.trainServedBy(account, "rendezvous-");
            String testId = Upstream.newTestId();
            HttpResponse<String> response = Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                    .header("msl-train-id", train)
                    .header(Upstream.TEST_ID, testId));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Upstream.received(testId).header("x-api-key"))
                    .isEqualTo(TollgateStack.ACCOUNT_KEYS.get(account));
            assertThat(JournalRows.awaitRow(ErrorsIT.requestId(response)).get("account_id"))
                    .isEqualTo(TollgateStack.ACCOUNT_IDS.get(account));
        }
    }

    @Test
    void mslAccountPinsAnAccountAndAnUnknownOneIs400() throws Exception {
        String testId = Upstream.newTestId();
        HttpResponse<String> response = Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                .header("msl-train-id", Rendezvous.trainServedBy("it-account", "pin-"))
                .header("msl-account", "it-second")
                .header(Upstream.TEST_ID, testId));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Upstream.received(testId).header("x-api-key"))
                .isEqualTo(TollgateStack.ACCOUNT_KEYS.get("it-second"));
        assertThat(Upstream.received(testId).header("msl-account")).isNull();

        HttpResponse<String> unknown =
                Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY).header("msl-account", "no-such-account"));
        ErrorsIT.assertAnthropicError(unknown, 400, "invalid_request_error");
        assertThat(ErrorsIT.message(unknown)).contains("no-such-account");
    }

    @Test
    void theSeedsDomainModeCurlWorksVerbatim() throws Exception {
        // curl -X POST http://proxy:3000/v1/messages -H "Host: your-domain.com" \
        //   -H "Authorization: Bearer cnp_live_your_generated_key" -H "Content-Type: application/json" \
        //   -d '{"messages": [{"role": "user", "content": "Hello"}]}'
        String rawTestId = Upstream.newTestId();
        String statusLine = RawHttp.post(
                "/v1/messages",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}",
                "Host: app1.example.com:3000",
                "Authorization: Bearer " + TollgateStack.DOMAIN_CLIENT_KEY,
                "Content-Type: application/json",
                Upstream.TEST_ID + ": " + rawTestId);
        // the upstream itself refuses the seed's body (no model, no max_tokens): Tollgate relayed it
        assertThat(statusLine).contains(" 400 ");
        assertThat(Upstream.received(rawTestId).header("x-api-key"))
                .isEqualTo(TollgateStack.ACCOUNT_KEYS.get("app1.example.com"));

        // another file's client key is not valid on this domain
        assertThat(RawHttp.post(
                        "/v1/messages",
                        Http.SIMPLE_BODY,
                        "Host: app1.example.com",
                        "Authorization: Bearer " + TollgateStack.ACCOUNT_FILE_CLIENT_KEY,
                        "Content-Type: application/json"))
                .contains(" 401 ");
    }

    @Test
    void theSeedsTrainModeCurlsWorkVerbatim() throws Exception {
        String seedBody = "{\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}";
        // Agent Prompt Train: a per-train key file, MSL-Train-Id, Bearer
        java.nio.file.Path keyFile = TollgateStack.credentialsDirectory()
                .resolve("train-client-keys")
                .resolve("your-train-id.client-keys.json");
        java.nio.file.Files.writeString(keyFile, "{ \"keys\": [\"cnp_live_your_generated_key\"] }");
        try {
            AuthIT.awaitStatus(
                    400,
                    () -> statusOf(RawHttp.post(
                            "/v1/messages",
                            seedBody,
                            "MSL-Train-Id: your-train-id",
                            "Authorization: Bearer cnp_live_your_generated_key",
                            "Content-Type: application/json")));
        } finally {
            java.nio.file.Files.delete(keyFile);
        }
        // train-id guide: X-TRAIN-ID and the account file's client_api_key (the upstream then refuses the
        // body, which has no model: the 400 is the API's, after Tollgate let the request through)
        assertThat(RawHttp.post(
                        "/v1/messages",
                        seedBody,
                        "X-TRAIN-ID: my-project",
                        "Authorization: Bearer " + TollgateStack.ACCOUNT_FILE_CLIENT_KEY,
                        "Content-Type: application/json"))
                .contains(" 400 ");
        // CCProxy: x-api-key with the shared SECURITY__AUTH_TOKEN
        assertThat(RawHttp.post(
                        "/v1/messages",
                        "{\n    \"model\": \"claude-sonnet-4-20250514\",\n    \"messages\": [\n      {\"role\": \"user\","
                                + " \"content\": \"Hello, Claude!\"}\n    ],\n    \"max_tokens\": 100\n  }",
                        "Content-Type: application/json",
                        "x-api-key: " + Http.CLIENT_KEY))
                .contains(" 200 ");
    }

    private static int statusOf(String statusLine) {
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    @Test
    void a429FailsOverToTheNextAccountAndTheJournalShowsBothAttempts() throws Exception {
        assertFailover(429);
    }

    @Test
    void a529FailsOverToo() throws Exception {
        assertFailover(529);
    }

    private static void assertFailover(int status) throws Exception {
        String train = "failover-" + status;
        List<String> ranking = Rendezvous.ranking(train);
        String testId = Upstream.newTestId();
        // retry-after 0: the first account is not kept cooling, so other tests' routing stays as computed
        TollgateStack.get()
                .simulator()
                .enqueue(Scenario.defaults().withStatus(status).withRetryAfter(0));
        HttpResponse<String> response = Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                .header("msl-train-id", train)
                .header(Upstream.TEST_ID, testId));

        assertThat(response.statusCode()).isEqualTo(200);
        List<RecordedRequest> attempts = received(testId);
        assertThat(attempts)
                .extracting(request -> request.header("x-api-key"))
                .containsExactly(
                        TollgateStack.ACCOUNT_KEYS.get(ranking.get(0)), TollgateStack.ACCOUNT_KEYS.get(ranking.get(1)));
        assertThat(attempts.get(0).body()).isEqualTo(attempts.get(1).body());

        String requestId = ErrorsIT.requestId(response);
        Map<String, Object> served = JournalRows.awaitRow(requestId);
        assertThat(served.get("attempt")).isEqualTo(2);
        assertThat(served.get("account_id")).isEqualTo(TollgateStack.ACCOUNT_IDS.get(ranking.get(1)));
        assertThat(served.get("response_status")).isEqualTo(200);
        Object firstAttempt = JournalRows.scalar(
                "SELECT request_id FROM api_requests WHERE final_request_id = ?::uuid AND attempt = 1", requestId);
        assertThat(firstAttempt).as("the given-up attempt's row").isNotNull();
        Map<String, Object> given = JournalRows.awaitRow(firstAttempt.toString());
        assertThat(given.get("response_status")).isEqualTo(status);
        assertThat(given.get("account_id")).isEqualTo(TollgateStack.ACCOUNT_IDS.get(ranking.get(0)));
        assertThat((String) given.get("error")).contains("failed over");
    }

    @Test
    void aConnectionTheUpstreamDropsFailsOverToo() throws Exception {
        String train = "failover-drop";
        List<String> ranking = Rendezvous.ranking(train);
        String testId = Upstream.newTestId();
        TollgateStack.get().simulator().enqueue(Scenario.defaults().withStreamError(Scenario.StreamError.DROP));

        HttpResponse<String> response = Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                .header("msl-train-id", train)
                .header(Upstream.TEST_ID, testId));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(received(testId))
                .extracting(request -> request.header("x-api-key"))
                .containsExactly(
                        TollgateStack.ACCOUNT_KEYS.get(ranking.get(0)), TollgateStack.ACCOUNT_KEYS.get(ranking.get(1)));
        Map<String, Object> served = JournalRows.awaitRow(ErrorsIT.requestId(response));
        assertThat(served.get("failed_over_from")).isEqualTo(TollgateStack.ACCOUNT_IDS.get(ranking.get(0)));
    }

    @Test
    void anAccountThatAskedToWaitIsTriedLastUntilItsRetryAfterHasPassed() throws Exception {
        String train = "cooling-down";
        List<String> ranking = Rendezvous.ranking(train);
        String first = TollgateStack.ACCOUNT_KEYS.get(ranking.get(0));
        String second = TollgateStack.ACCOUNT_KEYS.get(ranking.get(1));
        TollgateStack.get()
                .simulator()
                .enqueue(Scenario.defaults().withStatus(429).withRetryAfter(2));
        String limited = Upstream.newTestId();
        assertThat(Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                                .header("msl-train-id", train)
                                .header(Upstream.TEST_ID, limited))
                        .statusCode())
                .isEqualTo(200);
        assertThat(received(limited))
                .extracting(request -> request.header("x-api-key"))
                .containsExactly(first, second);

        // within the retry-after, the train's requests go to its next account first
        String during = Upstream.newTestId();
        Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                .header("msl-train-id", train)
                .header(Upstream.TEST_ID, during));
        assertThat(received(during))
                .extracting(request -> request.header("x-api-key"))
                .containsExactly(second);

        // once it has passed, the ranking is what it was
        Thread.sleep(2_500);
        String after = Upstream.newTestId();
        Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                .header("msl-train-id", train)
                .header(Upstream.TEST_ID, after));
        assertThat(received(after))
                .extracting(request -> request.header("x-api-key"))
                .containsExactly(first);
    }

    @Test
    void aPinnedAccountNeverFailsOver() throws Exception {
        String testId = Upstream.newTestId();
        TollgateStack.get()
                .simulator()
                .enqueue(Scenario.defaults().withStatus(429).withRetryAfter(0));
        HttpResponse<String> response = Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY)
                .header("msl-account", "it-second")
                .header(Upstream.TEST_ID, testId));
        ErrorsIT.assertAnthropicError(response, 429, "rate_limit_error");
        assertThat(received(testId)).hasSize(1);
    }
}

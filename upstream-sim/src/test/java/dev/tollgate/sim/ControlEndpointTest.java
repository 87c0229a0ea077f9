package dev.tollgate.sim;

import static dev.tollgate.sim.SimulatorClient.API_KEY;
import static dev.tollgate.sim.SimulatorClient.MESSAGES_BODY;
import static dev.tollgate.sim.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ControlEndpointTest extends SimulatorTestBase {

    @Test
    void recordedRequestsAreServedAsJsonAndCanBeCleared() {
        client.send(client.post("/v1/messages?beta=true", MESSAGES_BODY, "x-api-key", API_KEY));

        JsonArray recorded = recordedOverHttp();
        assertThat(recorded).hasSize(1);
        JsonObject request = recorded.getJsonObject(0);
        assertThat(request.getString("method")).isEqualTo("POST");
        assertThat(request.getString("path")).isEqualTo("/v1/messages");
        assertThat(request.getString("query")).isEqualTo("beta=true");
        assertThat(request.getJsonArray("headers").getValuesAs(JsonArray.class))
                .anySatisfy(header -> assertThat(header.getString(0) + "=" + header.getString(1))
                        .isEqualTo("x-api-key=" + API_KEY));
        assertThat(new String(Base64.getDecoder().decode(request.getString("bodyBase64")), StandardCharsets.UTF_8))
                .isEqualTo(MESSAGES_BODY);
        assertThat(request.getString("receivedAt")).isNotBlank();

        HttpResponse<String> cleared = client.send(client.get("/_sim/requests").DELETE());
        assertThat(cleared.statusCode()).isEqualTo(204);
        assertThat(recordedOverHttp()).isEmpty();
    }

    @Test
    void controlRequestsAreNotRecorded() {
        recordedOverHttp();

        assertThat(simulator.recordedRequests()).isEmpty();
    }

    @Test
    void postedScenariosAreUsedInOrder() {
        HttpResponse<String> queued = client.send(
                client.post("/_sim/scenarios", "[{\"status\":529},{\"content\":\"tool_use\",\"gzip\":false}]"));
        assertThat(queued.statusCode()).isEqualTo(204);

        HttpResponse<String> first = client.send(client.messages(MESSAGES_BODY));
        HttpResponse<String> second = client.send(client.messages(MESSAGES_BODY));
        HttpResponse<String> third = client.send(client.messages(MESSAGES_BODY));

        assertThat(first.statusCode()).isEqualTo(529);
        assertThat(json(second.body()).getString("stop_reason")).isEqualTo("tool_use");
        assertThat(json(third.body()).getString("stop_reason")).isEqualTo("end_turn");
    }

    @Test
    void scenarioWrittenByToJsonIsAccepted() {
        Scenario scenario = Scenario.defaults().withStatus(503).withRetryAfter(3);

        client.send(client.post("/_sim/scenarios", scenario.toJson()));

        assertThat(client.send(client.messages(MESSAGES_BODY)).statusCode()).isEqualTo(503);
    }

    @Test
    void misspeltScenarioFieldIsRefused() {
        HttpResponse<String> response = client.send(client.post("/_sim/scenarios", "{\"statuss\":529}"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("statuss");
        assertThat(client.send(client.messages(MESSAGES_BODY)).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenEndpointIsScriptableOverHttp() {
        client.send(client.post("/_sim/oauth/revocations", "{\"refreshToken\":\"sk-ant-ort01-gone\"}"));
        client.send(client.post("/_sim/oauth/failures", "{\"status\":500}"));

        HttpResponse<String> failed = client.send(client.post(
                "/v1/oauth/token", "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"x\",\"client_id\":\"c\"}"));
        HttpResponse<String> revoked = client.send(client.post(
                "/v1/oauth/token",
                "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"sk-ant-ort01-gone\",\"client_id\":\"c\"}"));

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(revoked.statusCode()).isEqualTo(400);
    }

    private static JsonArray recordedOverHttp() {
        HttpResponse<String> response = client.send(client.get("/_sim/requests").GET());
        assertThat(response.statusCode()).isEqualTo(200);
        try (var reader = JsonFactories.READERS.createReader(new StringReader(response.body()))) {
            return reader.readArray();
        }
    }
}

package dev.tollgate.sim;

import static dev.tollgate.sim.SimulatorClient.API_KEY;
import static dev.tollgate.sim.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsEndpointTest extends SimulatorTestBase {

    @Test
    void listHasTheApiShape() {
        HttpResponse<String> response = client.send(client.get("/v1/models", "x-api-key", API_KEY));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject page = json(response.body());
        assertThat(page.keySet()).containsExactly("data", "has_more", "first_id", "last_id");
        JsonObject first = page.getJsonArray("data").getJsonObject(0);
        assertThat(first.keySet()).containsExactly("type", "id", "display_name", "created_at");
        assertThat(first.getString("type")).isEqualTo("model");
        assertThat(ids(page)).contains("claude-opus-4-5", "claude-sonnet-4-5", "claude-haiku-4-5");
        assertThat(page.getBoolean("has_more")).isFalse();
        assertThat(page.getString("first_id")).isEqualTo(first.getString("id"));
    }

    @Test
    void pagesForwardWithAfterIdAndBackWithBeforeId() {
        List<String> all =
                ModelsEndpoint.MODELS.stream().map(ModelsEndpoint.Model::id).toList();

        JsonObject first = page("?limit=3");
        assertThat(ids(first)).isEqualTo(all.subList(0, 3));
        assertThat(first.getBoolean("has_more")).isTrue();

        JsonObject second = page("?limit=3&after_id=" + first.getString("last_id"));
        assertThat(ids(second)).isEqualTo(all.subList(3, 6));

        JsonObject last = page("?limit=3&after_id=" + second.getString("last_id"));
        assertThat(ids(last)).isEqualTo(all.subList(6, all.size()));
        assertThat(last.getBoolean("has_more")).isFalse();

        JsonObject back = page("?limit=2&before_id=" + second.getString("first_id"));
        assertThat(ids(back)).isEqualTo(all.subList(1, 3));
        assertThat(back.getBoolean("has_more")).isTrue();
    }

    @Test
    void unknownCursorGivesAnEmptyPage() {
        JsonObject page = page("?after_id=claude-unknown");

        assertThat(page.getJsonArray("data")).isEmpty();
        assertThat(page.get("first_id")).isEqualTo(JsonValue.NULL);
        assertThat(page.getBoolean("has_more")).isFalse();
    }

    @Test
    void invalidLimitIsRefused() {
        assertThat(client.send(client.get("/v1/models?limit=0", "x-api-key", API_KEY))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void singleModelAndUnknownModel() {
        HttpResponse<String> known = client.send(client.get("/v1/models/claude-haiku-4-5", "x-api-key", API_KEY));
        HttpResponse<String> unknown = client.send(client.get("/v1/models/claude-nope", "x-api-key", API_KEY));

        assertThat(json(known.body()).getString("display_name")).isEqualTo("Claude Haiku 4.5");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).getJsonObject("error").getString("type"))
                .isEqualTo("not_found_error");
    }

    @Test
    void listingNeedsCredentials() {
        assertThat(client.send(client.get("/v1/models")).statusCode()).isEqualTo(401);
    }

    private static JsonObject page(String query) {
        HttpResponse<String> response = client.send(client.get("/v1/models" + query, "x-api-key", API_KEY));
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response.body());
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .map(model -> model.getString("id"))
                .toList();
    }
}

package dev.tollgate.sim;

import com.sun.net.httpserver.HttpExchange;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/models} with the API's cursor pagination ({@code limit}, {@code after_id},
 * {@code before_id}) and {@code GET /v1/models/{id}}, over a fixed list of current Claude models, newest
 * first as the API lists them.
 */
final class ModelsEndpoint {

    static final String PATH = "/v1/models";
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;

    record Model(String id, String displayName, String createdAt) {
        JsonObject toJson() {
            return JsonFactories.BUILDERS
                    .createObjectBuilder()
                    .add("type", "model")
                    .add("id", id)
                    .add("display_name", displayName)
                    .add("created_at", createdAt)
                    .build();
        }
    }

    static final List<Model> MODELS = List.of(
            new Model("claude-opus-4-5", "Claude Opus 4.5", "2025-11-24T00:00:00Z"),
            new Model("claude-haiku-4-5", "Claude Haiku 4.5", "2025-10-15T00:00:00Z"),
            new Model("claude-sonnet-4-5", "Claude Sonnet 4.5", "2025-09-29T00:00:00Z"),
            new Model("claude-opus-4-1", "Claude Opus 4.1", "2025-08-05T00:00:00Z"),
            new Model("claude-opus-4-0", "Claude Opus 4", "2025-05-22T00:00:00Z"),
            new Model("claude-sonnet-4-0", "Claude Sonnet 4", "2025-05-22T00:00:00Z"),
            new Model("claude-3-7-sonnet-latest", "Claude Sonnet 3.7", "2025-02-24T00:00:00Z"),
            new Model("claude-3-5-haiku-latest", "Claude Haiku 3.5", "2024-10-22T00:00:00Z"));

    void handle(HttpExchange exchange, String path) throws IOException {
        CredentialCheck.requireCredentials(exchange.getRequestHeaders());
        if (path.equals(PATH)) {
            ApiResponses.sendJson(exchange, 200, page(exchange.getRequestURI().getRawQuery()), false);
            return;
        }
        String id = path.substring(PATH.length() + 1);
        Model model = MODELS.stream()
                .filter(candidate -> candidate.id().equals(id))
                .findFirst()
                .orElseThrow(() -> ApiFailure.notFound("model: " + id));
        ApiResponses.sendJson(exchange, 200, model.toJson(), false);
    }

    /** One page of the list, as {@code limit}, {@code after_id} and {@code before_id} select it. */
    static JsonObject page(String rawQuery) {
        Map<String, String> query = QueryParameters.parse(rawQuery);
        int limit = limit(query.get("limit"));
        String afterId = query.get("after_id");
        String beforeId = query.get("before_id");
        int from;
        int to;
        boolean hasMore;
        if (beforeId != null) {
            to = indexOf(beforeId);
            from = Math.max(0, to - limit);
            hasMore = from > 0;
        } else if (afterId != null) {
            int after = indexOf(afterId);
            from = after < 0 ? 0 : after + 1;
            to = after < 0 ? 0 : Math.min(MODELS.size(), from + limit);
            hasMore = to < MODELS.size() && after >= 0;
        } else {
            from = 0;
            to = Math.min(MODELS.size(), limit);
            hasMore = to < MODELS.size();
        }
        List<Model> selected = to > from ? MODELS.subList(from, to) : List.of();
        JsonArrayBuilder data = JsonFactories.BUILDERS.createArrayBuilder();
        selected.forEach(model -> data.add(model.toJson()));
        JsonObjectBuilder page =
                JsonFactories.BUILDERS.createObjectBuilder().add("data", data).add("has_more", hasMore);
        if (selected.isEmpty()) {
            page.addNull("first_id").addNull("last_id");
        } else {
            page.add("first_id", selected.get(0).id())
                    .add("last_id", selected.get(selected.size() - 1).id());
        }
        return page.build();
    }

    /** The position of a cursor; an unknown cursor selects an empty page. */
    private static int indexOf(String id) {
        for (int i = 0; i < MODELS.size(); i++) {
            if (MODELS.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below like an out-of-range number
        }
        throw ApiFailure.invalidRequest("limit: Input should be an integer between 1 and " + MAX_LIMIT);
    }
}

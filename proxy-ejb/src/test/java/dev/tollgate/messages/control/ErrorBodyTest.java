package dev.tollgate.messages.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorBodyTest {

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void rendersTheAnthropicErrorShape() {
        String body = ErrorBody.render("invalid_request_error", "max_tokens: Field required", "req_0123");

        assertThat(json(body))
                .isEqualTo(
                        json(
                                """
                        {"type":"error",
                         "error":{"type":"invalid_request_error","message":"max_tokens: Field required"},
                         "request_id":"req_0123"}
                        """));
        assertThat(body).startsWith("{\"type\":\"error\",");
    }

    @Test
    void withoutRequestIdThereIsNoRequestIdField() {
        JsonObject body = json(ErrorBody.render("api_error", "boom", null));

        assertThat(body.keySet()).containsExactly("type", "error");
        assertThat(body.getJsonObject("error").getString("type")).isEqualTo("api_error");
        assertThat(body.getJsonObject("error").getString("message")).isEqualTo("boom");
    }

    @Test
    void messageIsEscapedNotInjected() {
        String hostile = "quote \" backslash \\ newline \n tab \t and },\"type\":\"hacked";

        JsonObject body = json(ErrorBody.render("invalid_request_error", hostile, "req\"1"));

        assertThat(body.getJsonObject("error").getString("message")).isEqualTo(hostile);
        assertThat(body.getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");
        assertThat(body.getString("type")).isEqualTo("error");
        assertThat(body.getString("request_id")).isEqualTo("req\"1");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "400, invalid_request_error",
        "401, authentication_error",
        "402, billing_error",
        "403, permission_error",
        "404, not_found_error",
        "409, conflict_error",
        "413, request_too_large",
        "429, rate_limit_error",
        "500, api_error",
        "529, overloaded_error",
        "501, api_error",
        "502, api_error",
        "503, api_error",
        "504, api_error",
        "599, api_error",
        "405, invalid_request_error",
        "415, invalid_request_error",
        "422, invalid_request_error",
        "499, invalid_request_error"
    })
    void errorTypeFollowsTheUpstreamTable(int status, String type) {
        assertThat(ErrorBody.typeFor(status)).isEqualTo(type);
    }
}

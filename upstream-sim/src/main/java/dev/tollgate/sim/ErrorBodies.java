package dev.tollgate.sim;

import java.nio.charset.StandardCharsets;

/**
 * The API's error body, {@code {"type":"error","error":{"type":...,"message":...},"request_id":...}}, and
 * the error type that belongs to each status, so that every failure looks like the real service's.
 */
final class ErrorBodies {

    private ErrorBodies() {}

    /** The error type the API uses for a status; unlisted statuses fall back by class (4xx, 5xx). */
    static String typeFor(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 409 -> "conflict_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 500 -> "api_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /** A message like the real one, for scripted statuses where the test does not care about the text. */
    static String defaultMessageFor(int status) {
        return switch (status) {
            case 400 -> "Invalid request";
            case 401 -> "invalid x-api-key";
            case 402 -> "Your credit balance is too low to access the Anthropic API.";
            case 403 -> "Your API key does not have permission to use the specified resource.";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            case 413 -> "Request exceeds the maximum allowed number of bytes.";
            case 429 -> "Number of request tokens has exceeded your per-minute rate limit";
            case 500 -> "Internal server error";
            case 504 -> "Request timed out";
            case 529 -> "Overloaded";
            default -> status >= 500 ? "Internal server error" : "Invalid request";
        };
    }

    /** The JSON error body; the request id is the one sent in the {@code request-id} header. */
    static byte[] render(int status, String message, String requestId) {
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("type", "error")
                .add(
                        "error",
                        JsonFactories.BUILDERS
                                .createObjectBuilder()
                                .add("type", typeFor(status))
                                .add("message", message))
                .add("request_id", requestId)
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }
}

package dev.tollgate.messages.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

/**
 * Renders the Anthropic error shape, {@code {"type":"error","error":{"type","message"},"request_id"}},
 * so that clients and SDKs handle Tollgate's own errors exactly like the upstream's.
 */
public final class ErrorBody {

    private ErrorBody() {}

    public static String render(String errorType, String message, String requestId) {
        var error = JSON.createObjectBuilder().add("type", errorType).add("message", message);
        var body = JSON.createObjectBuilder().add("type", "error").add("error", error);
        if (requestId != null) {
            body.add("request_id", requestId);
        }
        return body.build().toString();
    }

    /** The error type the Anthropic API uses for a status (see the upstream's error table). */
    public static String typeFor(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 409 -> "conflict_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}

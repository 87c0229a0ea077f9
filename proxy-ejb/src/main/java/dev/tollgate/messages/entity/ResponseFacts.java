package dev.tollgate.messages.entity;

/**
 * What a response says once it is complete: for a stream, the message reconstructed from its events.
 *
 * @param message the response as one JSON document (for streams, the reconstructed message), or
 *     null when the body was not JSON
 * @param usageJson the {@code usage} object as the upstream reported it (final counts), or null
 * @param error the upstream's error ({@code type: message}) from an error body or an error event
 */
public record ResponseFacts(
        String message,
        String model,
        String stopReason,
        Usage usage,
        String usageJson,
        int toolCallCount,
        String error) {

    public static final ResponseFacts NONE = new ResponseFacts(null, null, null, Usage.NONE, null, 0, null);
}

package dev.tollgate.messages.entity;

/**
 * One server-sent event of a streamed response.
 *
 * @param offsetMillis milliseconds from the request's arrival at Tollgate to the event's arrival
 * @param event the {@code event:} name, or null when the frame had none
 * @param data the {@code data:} payload (lines joined with newlines)
 */
public record SseEvent(long offsetMillis, String event, String data) {}

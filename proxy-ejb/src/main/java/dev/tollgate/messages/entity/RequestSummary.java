package dev.tollgate.messages.entity;

/** What the relay needs to know of a request body: the model asked for and whether it streams. */
public record RequestSummary(String model, boolean stream) {

    public static final RequestSummary NONE = new RequestSummary(null, false);
}

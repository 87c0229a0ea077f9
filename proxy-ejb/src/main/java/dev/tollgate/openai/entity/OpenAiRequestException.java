package dev.tollgate.openai.entity;

/** A Chat Completions request Tollgate cannot translate faithfully: a 400 naming the parameter. */
public class OpenAiRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String param;

    /** @param param the offending parameter as OpenAI names it (e.g. {@code messages[2].content}), or null */
    public OpenAiRequestException(String param, String message) {
        super(message);
        this.param = param;
    }

    public String param() {
        return param;
    }
}

package dev.tollgate.openai.entity;

/**
 * A Chat Completions request as the Messages request it became, and what the answer's translation
 * needs to know of the original.
 *
 * @param messagesBody the Messages API request, JSON
 * @param includeUsage {@code stream_options.include_usage}: end the stream with a usage chunk
 * @param responseFormatTool when {@code response_format} asked for a JSON schema, the name of the
 *     tool the request forces: its input is the answer's content, not a tool call
 */
public record TranslatedRequest(
        byte[] messagesBody, String model, boolean stream, boolean includeUsage, String responseFormatTool) {}

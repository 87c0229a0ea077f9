package dev.tollgate.dashboard.requests.entity;

import java.util.List;

/**
 * One message of a request's conversation as the detail page draws it.
 *
 * @param role {@code system}, {@code user}, {@code assistant}, or {@code answer} for the response
 */
public record RenderedMessage(String role, List<Block> blocks) {

    /**
     * One content block.
     *
     * @param kind the block's type as the API names it ({@code text}, {@code thinking},
     *     {@code tool_use}, {@code tool_result}, {@code image}, ...)
     * @param title what identifies it: the tool's name and call id, the result's call id, the image's
     *     media type; empty for text
     * @param text its content: the text, the tool's input as indented JSON, the result's text
     */
    public record Block(String kind, String title, String text) {

        public boolean collapsed() {
            return "thinking".equals(kind) || "redacted_thinking".equals(kind);
        }
    }
}

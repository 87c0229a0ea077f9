package dev.tollgate.conversations.entity;

/**
 * What identifies a Messages API request's place in a conversation, computed from its body alone.
 *
 * @param currentHash SHA-256 (lowercase hex) of all the request's turns, normalized
 * @param parentHash SHA-256 of the turns without the last two (the assistant answer and the user
 *     message that follow the earlier request), or null when the request has fewer than three turns
 * @param messageCount the number of turns: entries of {@code messages} except {@code role: "system"}
 * @param systemHash SHA-256 of the system content (the {@code system} field and the
 *     {@code role: "system"} messages) without the billing header, or null when there is none
 * @param firstUserText the text of the first turn without system reminders, trimmed ("" if it has
 *     none); what sub-agent prompts and compaction summaries are matched against
 */
public record MessageHashes(
        String currentHash, String parentHash, int messageCount, String systemHash, String firstUserText) {

    /** For a body that is no Messages API request: nothing to link. */
    public static final MessageHashes NONE = new MessageHashes(null, null, 0, null, "");

    public boolean isNone() {
        return currentHash == null;
    }
}

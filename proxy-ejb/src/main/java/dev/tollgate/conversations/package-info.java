/**
 * Conversations: which journaled requests belong together. Every Messages API request repeats the
 * conversation so far, so a request continues the earlier one whose turns are its own minus the
 * last assistant answer and user message. {@code MessageHasher} hashes normalized turns (so that
 * what clients change between sends, such as system reminders, cache breakpoints and the billing
 * header, does not break the chain); {@code ConversationLinker} turns the hashes into the
 * conversation, branch and sub-task columns of {@code api_requests}, looking earlier requests up
 * through the {@code ConversationIndex} port. Pure logic, run by the journal's background writer;
 * the rules are described in {@code docs/conversations.md}.
 */
package dev.tollgate.conversations;

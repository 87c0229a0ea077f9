/**
 * Conversations as the journal's linker recorded them: the list of recent ones, and one
 * conversation turn by turn with its branches and the sub-agents its tool calls started.
 */
package dev.tollgate.dashboard.conversations;

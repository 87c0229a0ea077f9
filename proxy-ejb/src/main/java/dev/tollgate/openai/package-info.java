/**
 * The OpenAI-compatible API ({@code /openai/v1/chat/completions}, {@code /openai/v1/models}):
 * Chat Completions requests translated to the Messages API, sent through the same relay (client
 * keys, routing, failover, journal), and the answers, streamed or not, translated back. What
 * cannot be mapped faithfully is refused with a 400 in the OpenAI error shape; the full matrix is
 * in {@code docs/openai-compatibility.md}.
 */
package dev.tollgate.openai;

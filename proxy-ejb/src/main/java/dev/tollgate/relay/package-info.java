/**
 * The relay: forwards a client's request to the Claude API with the account's credential and
 * brings the answer back, streams event by event, and hands every exchange to the journal.
 */
package dev.tollgate.relay;

/**
 * The Claude Messages API as Tollgate sees it on the wire: request bodies, server-sent events,
 * usage and the error shape. Pure logic, shared by the relay and the journal.
 */
package dev.tollgate.messages;

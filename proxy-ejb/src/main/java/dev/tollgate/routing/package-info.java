/**
 * Which Claude account serves a request: the domain's credential file (Claude Nexus Proxy), the
 * account pinned with {@code MSL-Account}, or rendezvous hashing of the train id over the usable
 * accounts (Agent Prompt Train), with accounts that answered 429/529 cooling down.
 */
package dev.tollgate.routing;

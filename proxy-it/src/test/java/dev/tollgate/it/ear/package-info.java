/**
 * Smoke test of the EAR that operations deploy: a fresh Payara Server 6 Full domain, created, started,
 * deployed to and stopped with {@code asadmin}, in front of a real PostgreSQL and the upstream simulator.
 */
package dev.tollgate.it.ear;

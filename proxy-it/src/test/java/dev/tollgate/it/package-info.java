/**
 * Black-box tests: Tollgate as users run it (the built WARs on Payara Micro, the EAR on Payara
 * Server) against a real PostgreSQL, with the upstream simulator as the only stand-in.
 */
package dev.tollgate.it;

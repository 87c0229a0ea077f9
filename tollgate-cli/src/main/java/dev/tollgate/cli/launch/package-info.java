/**
 * Starting Tollgate's processes: the embedded PostgreSQL, Payara Micro with the two WARs, and the
 * upstream simulator, with the variables of the environment and of {@code .env}. Used by
 * {@code ./tollgate run} and by the black-box tests, so that the tests start Tollgate exactly the
 * way users do.
 */
package dev.tollgate.cli.launch;

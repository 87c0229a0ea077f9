/**
 * Support for the in-container tests ({@code *IT} in this module, run by failsafe): Arquillian
 * deploys the engine to a Payara Micro it starts itself, against a real PostgreSQL. For what only
 * the container shows: transactions, JPA, queries, timers. Slow (one Micro JVM per test class), so
 * few, each class with one deployment.
 */
package dev.tollgate.incontainer;

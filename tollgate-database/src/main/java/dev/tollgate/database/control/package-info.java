/**
 * How Tollgate reaches its PostgreSQL: {@code DATABASE_URL} parsed in either form operators use,
 * and the data sources the containers create from it (read-write for the engine, read-only for the
 * dashboard). A module of its own because both applications need it and the dashboard must not
 * depend on the engine.
 */
package dev.tollgate.database.control;

/**
 * The database Tollgate journals into: where it is ({@code DATABASE_URL} in libpq or JDBC form), the
 * container-managed data source, and the versioned schema migrations run at start-up.
 */
package dev.tollgate.database;

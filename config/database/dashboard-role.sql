-- A database role of the dashboard's own, so it need not connect as the engine (which owns the schema
-- and may write the journal). Run this as the engine's role, the one in DATABASE_URL, after Tollgate
-- has started once (the tables must exist); it is idempotent. First create the role, e.g.
--   CREATE ROLE tollgate_dashboard LOGIN PASSWORD 'choose-one';
-- then point the dashboard at it:
--   DASHBOARD_DATABASE_URL=postgresql://tollgate_dashboard:choose-one@db-host/tollgate
-- What it may do: read every table (through its read-only connection), and of its two kinds of
-- writes only these: issue a client key, set a key's revocation time, add to its audit log.

GRANT USAGE ON SCHEMA public TO tollgate_dashboard;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO tollgate_dashboard;
-- tables later migrations create are readable too (run as the role that runs the migrations)
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO tollgate_dashboard;

GRANT INSERT ON client_api_keys TO tollgate_dashboard;
GRANT UPDATE (revoked_at) ON client_api_keys TO tollgate_dashboard;
GRANT INSERT ON dashboard_audit_log TO tollgate_dashboard;
GRANT USAGE ON SEQUENCE dashboard_audit_log_id_seq TO tollgate_dashboard;

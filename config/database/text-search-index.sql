-- Optional: trigram indexes that let the dashboard's "text in bodies" filter use an index instead
-- of reading every body of the window (on a million rows: seconds without, milliseconds with; see
-- docs/performance.md). The price is paid by the journal writer: each stored body's trigrams are
-- indexed, which costs most for large bodies such as Claude Code's (measured in bench/dashboard.sh).
-- Run as the role that owns the tables. pg_trgm ships with PostgreSQL (contrib) and is a trusted
-- extension since PostgreSQL 13, so the database owner may create it. CREATE INDEX on the
-- partitioned table builds one index per month and locks out the journal's writes while it runs;
-- Tollgate's spill journal keeps every record meanwhile (docs/auditing.md).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS api_requests_body_trgm_idx
    ON api_requests USING gin ((CAST(body AS text)) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS api_requests_response_body_trgm_idx
    ON api_requests USING gin ((CAST(response_body AS text)) gin_trgm_ops);

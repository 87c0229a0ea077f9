-- What people did through the dashboard: who (SSO identity or the key's session), from where, what.
CREATE TABLE dashboard_audit_log (
    id              BIGSERIAL PRIMARY KEY,
    at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    identity        VARCHAR(256) NOT NULL,
    method          VARCHAR(16) NOT NULL,
    client_address  VARCHAR(64),
    action          VARCHAR(64) NOT NULL,
    target          VARCHAR(512)
);
CREATE INDEX dashboard_audit_log_at_idx ON dashboard_audit_log (at DESC);
COMMENT ON TABLE dashboard_audit_log IS 'Every change made through the dashboard (client keys issued and revoked, ...), with who made it.';

-- The state of each Claude account as the engine sees it, for the dashboard and auditors.
CREATE TABLE oauth_accounts (
    account_name       VARCHAR(128) PRIMARY KEY,
    account_id         VARCHAR(255),
    credential_type    VARCHAR(16) NOT NULL,
    expires_at         TIMESTAMPTZ,
    last_refresh_at    TIMESTAMPTZ,
    last_error         TEXT,
    last_error_at      TIMESTAMPTZ,
    refresh_count      INTEGER NOT NULL DEFAULT 0,
    failure_count      INTEGER NOT NULL DEFAULT 0,
    relogin_required   BOOLEAN NOT NULL DEFAULT false,
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
COMMENT ON TABLE oauth_accounts IS 'Token state of OAuth accounts, updated by the refresh timer; relogin_required means only a new login helps.';

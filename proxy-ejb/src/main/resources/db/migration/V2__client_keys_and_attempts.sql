-- Client keys issued through the database (by the dashboard). Only a digest of each key is kept,
-- with its first and last characters for display; the key itself is shown once, when issued.
CREATE TABLE client_api_keys (
    id            UUID PRIMARY KEY,
    train_id      VARCHAR(128),           -- null: valid for every train
    name          VARCHAR(200) NOT NULL,
    key_sha256    CHAR(64) NOT NULL UNIQUE, -- hex SHA-256 of the key
    key_prefix    VARCHAR(16) NOT NULL,
    key_suffix    VARCHAR(8) NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by    VARCHAR(200),
    revoked_at    TIMESTAMPTZ,
    CONSTRAINT client_api_keys_train_id_check CHECK (train_id IS NULL OR train_id ~ '^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,127}$')
);
COMMENT ON TABLE client_api_keys IS 'Client keys issued through the database; Tollgate picks up additions and revocations within seconds.';

-- Failover: every attempt on an account is a row; earlier attempts point at the row the client got.
ALTER TABLE api_requests ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
ALTER TABLE api_requests ADD COLUMN final_request_id UUID;
CREATE INDEX api_requests_final_request_idx ON api_requests (final_request_id) WHERE final_request_id IS NOT NULL;
COMMENT ON COLUMN api_requests.attempt IS '1 for the first account tried; 2, 3... for failover attempts.';
COMMENT ON COLUMN api_requests.final_request_id IS 'On an attempt that failed over: the request_id of the row whose answer the client received.';

-- The request journal. Column names follow the Claude Nexus Proxy / Agent Prompt Train schema
-- so that the audit SQL of their security guide runs unchanged against Tollgate.
CREATE TABLE api_requests (
    request_id                   UUID PRIMARY KEY,
    domain                       VARCHAR(255),
    train_id                     VARCHAR(128) NOT NULL DEFAULT 'default',
    account_id                   VARCHAR(255),
    timestamp                    TIMESTAMPTZ NOT NULL DEFAULT now(),
    method                       VARCHAR(10) NOT NULL,
    path                         VARCHAR(2048) NOT NULL,
    query_string                 VARCHAR(2048),
    headers                      JSONB,
    body                         JSONB,
    api_key_hash                 VARCHAR(64),
    model                        VARCHAR(200),
    request_type                 VARCHAR(50),
    response_status              INTEGER,
    response_headers             JSONB,
    response_body                JSONB,
    response_streaming           BOOLEAN NOT NULL DEFAULT false,
    input_tokens                 INTEGER NOT NULL DEFAULT 0,
    output_tokens                INTEGER NOT NULL DEFAULT 0,
    total_tokens                 INTEGER NOT NULL DEFAULT 0,
    cache_creation_input_tokens  INTEGER NOT NULL DEFAULT 0,
    cache_read_input_tokens      INTEGER NOT NULL DEFAULT 0,
    usage_data                   JSONB,
    first_token_ms               INTEGER,
    duration_ms                  INTEGER,
    error                        TEXT,
    tool_call_count              INTEGER NOT NULL DEFAULT 0,
    -- conversation linking (filled by the journal's background linker)
    current_message_hash         CHAR(64),
    parent_message_hash          CHAR(64),
    conversation_id              UUID,
    branch_id                    VARCHAR(255) DEFAULT 'main',
    message_count                INTEGER NOT NULL DEFAULT 0,
    parent_task_request_id       UUID,
    is_subtask                   BOOLEAN NOT NULL DEFAULT false,
    task_tool_invocation         JSONB,
    system_hash                  CHAR(64),
    -- Tollgate's own
    stop_reason                  VARCHAR(64),
    upstream_request_id          VARCHAR(255),
    client_address               VARCHAR(64),
    user_agent                   VARCHAR(512),
    claude_session_id            VARCHAR(128),
    stainless_retry_count        INTEGER,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX api_requests_timestamp_idx ON api_requests (timestamp DESC);
CREATE INDEX api_requests_train_timestamp_idx ON api_requests (train_id, timestamp DESC);
CREATE INDEX api_requests_domain_timestamp_idx ON api_requests (domain, timestamp DESC);
CREATE INDEX api_requests_account_timestamp_idx ON api_requests (account_id, timestamp DESC);
CREATE INDEX api_requests_status_idx ON api_requests (response_status, timestamp DESC);
CREATE INDEX api_requests_conversation_idx ON api_requests (conversation_id) WHERE conversation_id IS NOT NULL;

COMMENT ON TABLE api_requests IS 'One row per request that reached Tollgate, failures included; written asynchronously by the journal.';
COMMENT ON COLUMN api_requests.request_id IS 'Also returned to the client in the x-tollgate-request-id response header.';
COMMENT ON COLUMN api_requests.domain IS 'Host the client addressed (port stripped); the Claude Nexus Proxy routing key.';
COMMENT ON COLUMN api_requests.first_token_ms IS 'Milliseconds from request arrival to the first content delta of a streamed response.';
COMMENT ON COLUMN api_requests.response_status IS 'HTTP status sent to the client; 499 when the client went away first.';

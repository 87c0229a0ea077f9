-- The journal grows without bound and auditors must be able to trust it. This migration
--   1. makes api_requests and streaming_chunks partitioned by month (of their timestamp, UTC), so
--      retention drops whole partitions instead of deleting rows, and queries over a time range
--      touch only the months they need;
--   2. chains every api_requests row to the previous one of its month with a SHA-256 hash, so an
--      edited or deleted row is detected (`./tollgate verify-journal`);
--   3. adds cost, the failover account and the conversation columns' indexes.
-- Rows already journaled are carried over (and chained in the order they were written).

ALTER TABLE api_requests RENAME TO api_requests_v4;
ALTER TABLE streaming_chunks RENAME TO streaming_chunks_v4;
ALTER INDEX api_requests_pkey RENAME TO api_requests_v4_pkey;
ALTER INDEX streaming_chunks_pkey RENAME TO streaming_chunks_v4_pkey;
DROP INDEX api_requests_timestamp_idx, api_requests_train_timestamp_idx, api_requests_domain_timestamp_idx,
    api_requests_account_timestamp_idx, api_requests_status_idx, api_requests_conversation_idx,
    api_requests_final_request_idx;

CREATE TABLE api_requests (
    request_id                   UUID NOT NULL,
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
    current_message_hash         CHAR(64),
    parent_message_hash          CHAR(64),
    conversation_id              UUID,
    branch_id                    VARCHAR(255) DEFAULT 'main',
    message_count                INTEGER NOT NULL DEFAULT 0,
    parent_task_request_id       UUID,
    is_subtask                   BOOLEAN NOT NULL DEFAULT false,
    task_tool_invocation         JSONB,
    system_hash                  CHAR(64),
    stop_reason                  VARCHAR(64),
    upstream_request_id          VARCHAR(255),
    client_address               VARCHAR(64),
    user_agent                   VARCHAR(512),
    claude_session_id            VARCHAR(128),
    stainless_retry_count        INTEGER,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempt                      INTEGER NOT NULL DEFAULT 1,
    final_request_id             UUID,
    -- new in this version
    failed_over_from             VARCHAR(1024),
    cost_usd                     NUMERIC(18, 8),
    priced_as                    VARCHAR(100),
    chain_seq                    BIGINT,
    chain_hash                   CHAR(64),
    PRIMARY KEY (request_id, timestamp)
) PARTITION BY RANGE (timestamp);

CREATE TABLE streaming_chunks (
    id           BIGSERIAL,
    request_id   UUID NOT NULL,
    chunk_index  INTEGER NOT NULL,
    timestamp    TIMESTAMPTZ NOT NULL,
    event        VARCHAR(64),
    data         TEXT NOT NULL,
    token_count  INTEGER NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (request_id, chunk_index, timestamp)
) PARTITION BY RANGE (timestamp);

-- Rows whose month has no partition (far-future clocks, records replayed after their month was
-- dropped) land here rather than being refused: the journal never loses a record.
CREATE TABLE api_requests_default PARTITION OF api_requests DEFAULT;
CREATE TABLE streaming_chunks_default PARTITION OF streaming_chunks DEFAULT;

-- Creates the monthly partitions of both tables for the months from `first_month` through
-- `last_month` that do not have one yet. Called at start-up and daily by the engine's
-- JournalPartitions timer, which keeps the next months ready.
CREATE FUNCTION journal_ensure_partitions(first_month DATE, last_month DATE) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    month DATE := date_trunc('month', first_month)::date;
    created INTEGER := 0;
    tbl TEXT;
    part TEXT;
BEGIN
    WHILE month <= last_month LOOP
        FOREACH tbl IN ARRAY ARRAY['api_requests', 'streaming_chunks'] LOOP
            part := tbl || '_' || to_char(month, '"y"YYYY"m"MM');
            IF to_regclass(part) IS NULL THEN
                BEGIN
                    EXECUTE format(
                        'CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                        part, tbl,
                        (month::timestamp AT TIME ZONE 'UTC'),
                        ((month + INTERVAL '1 month')::timestamp AT TIME ZONE 'UTC'));
                    created := created + 1;
                EXCEPTION WHEN check_violation THEN
                    -- the default partition already holds rows of that month: they stay there
                    RAISE WARNING 'partition % not created: rows of that month are in the default partition', part;
                END;
            END IF;
        END LOOP;
        month := (month + INTERVAL '1 month')::date;
    END LOOP;
    RETURN created;
END $$;

-- The hash chain. Each month has its own chain (so dropping a month keeps the others verifiable);
-- its head is the sequence number and hash of the month's latest row, which also exposes a
-- deleted last row.
CREATE TABLE journal_chain_heads (
    month       DATE PRIMARY KEY,
    last_seq    BIGINT NOT NULL,
    last_hash   CHAR(64) NOT NULL
);

-- The columns a row's hash covers, in canonical form: PostgreSQL's own jsonb rendering (sorted
-- keys, one spelling per value) with timestamps in UTC. A later migration that adds columns
-- adds them here under a new chain version; rows written so far keep verifying.
CREATE FUNCTION journal_canonical(r JSONB) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
    SELECT (r - 'chain_seq' - 'chain_hash')::text
$$;

-- A row's digest, as the chain trigger computed it when the row was written.
CREATE FUNCTION journal_row_digest(r api_requests) RETURNS CHAR(64)
LANGUAGE sql STABLE SET TimeZone = 'UTC' AS $$
    SELECT encode(sha256(convert_to(journal_canonical(to_jsonb(r)), 'UTF8')), 'hex')
$$;

-- chain_hash = sha256(previous chain_hash of the month || sha256(canonical row)); the first row of
-- a month chains from 64 zeros. The head row lock serialises writers, several instances included.
CREATE FUNCTION journal_chain_row() RETURNS TRIGGER
LANGUAGE plpgsql SET TimeZone = 'UTC' AS $$
DECLARE
    row_month DATE := date_trunc('month', NEW.timestamp AT TIME ZONE 'UTC')::date;
    digest BYTEA;
    head journal_chain_heads%ROWTYPE;
BEGIN
    NEW.chain_seq := NULL;
    NEW.chain_hash := NULL;
    digest := sha256(convert_to(journal_canonical(to_jsonb(NEW)), 'UTF8'));
    INSERT INTO journal_chain_heads (month, last_seq, last_hash)
        VALUES (row_month, 0, repeat('0', 64))
        ON CONFLICT (month) DO NOTHING;
    SELECT * INTO head FROM journal_chain_heads WHERE month = row_month FOR UPDATE;
    NEW.chain_seq := head.last_seq + 1;
    NEW.chain_hash := encode(sha256(decode(head.last_hash, 'hex') || digest), 'hex');
    UPDATE journal_chain_heads SET last_seq = NEW.chain_seq, last_hash = NEW.chain_hash WHERE month = row_month;
    RETURN NEW;
END $$;

CREATE TRIGGER api_requests_chain BEFORE INSERT ON api_requests
    FOR EACH ROW EXECUTE FUNCTION journal_chain_row();

-- What retention dropped, so an auditor can tell a dropped month from a deleted one.
CREATE TABLE journal_retention_log (
    month        DATE NOT NULL,
    table_name   VARCHAR(64) NOT NULL,
    dropped_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seq     BIGINT,
    last_hash    CHAR(64),
    PRIMARY KEY (month, table_name)
);

-- carry over what was journaled before this version
DO $$
DECLARE
    first_month DATE;
BEGIN
    SELECT least(
            (SELECT min(timestamp) FROM api_requests_v4),
            (SELECT min(timestamp) FROM streaming_chunks_v4),
            now())::date
        INTO first_month;
    PERFORM journal_ensure_partitions(first_month, (now() + INTERVAL '2 months')::date);
END $$;

INSERT INTO api_requests (
    request_id, domain, train_id, account_id, timestamp, method, path, query_string, headers, body,
    api_key_hash, model, request_type, response_status, response_headers, response_body,
    response_streaming, input_tokens, output_tokens, total_tokens, cache_creation_input_tokens,
    cache_read_input_tokens, usage_data, first_token_ms, duration_ms, error, tool_call_count,
    current_message_hash, parent_message_hash, conversation_id, branch_id, message_count,
    parent_task_request_id, is_subtask, task_tool_invocation, system_hash, stop_reason,
    upstream_request_id, client_address, user_agent, claude_session_id, stainless_retry_count,
    created_at, attempt, final_request_id)
SELECT
    request_id, domain, train_id, account_id, timestamp, method, path, query_string, headers, body,
    api_key_hash, model, request_type, response_status, response_headers, response_body,
    response_streaming, input_tokens, output_tokens, total_tokens, cache_creation_input_tokens,
    cache_read_input_tokens, usage_data, first_token_ms, duration_ms, error, tool_call_count,
    current_message_hash, parent_message_hash, conversation_id, branch_id, message_count,
    parent_task_request_id, is_subtask, task_tool_invocation, system_hash, stop_reason,
    upstream_request_id, client_address, user_agent, claude_session_id, stainless_retry_count,
    created_at, attempt, final_request_id
FROM api_requests_v4 ORDER BY created_at, request_id;

INSERT INTO streaming_chunks (request_id, chunk_index, timestamp, event, data, token_count, created_at)
SELECT request_id, chunk_index, timestamp, event, data, token_count, created_at FROM streaming_chunks_v4;

DROP TABLE api_requests_v4;
DROP TABLE streaming_chunks_v4;

-- indexes for the dashboard's and the auditors' queries (created on every partition)
CREATE INDEX api_requests_timestamp_idx ON api_requests (timestamp DESC);
CREATE INDEX api_requests_request_id_idx ON api_requests (request_id);
CREATE INDEX api_requests_train_timestamp_idx ON api_requests (train_id, timestamp DESC);
CREATE INDEX api_requests_domain_timestamp_idx ON api_requests (domain, timestamp DESC);
CREATE INDEX api_requests_account_timestamp_idx ON api_requests (account_id, timestamp DESC);
CREATE INDEX api_requests_status_idx ON api_requests (response_status, timestamp DESC);
CREATE INDEX api_requests_model_timestamp_idx ON api_requests (model, timestamp DESC);
CREATE INDEX api_requests_conversation_idx ON api_requests (conversation_id, timestamp) WHERE conversation_id IS NOT NULL;
CREATE INDEX api_requests_current_hash_idx ON api_requests (current_message_hash) WHERE current_message_hash IS NOT NULL;
CREATE INDEX api_requests_session_idx ON api_requests (claude_session_id, timestamp) WHERE claude_session_id IS NOT NULL;
CREATE INDEX api_requests_final_request_idx ON api_requests (final_request_id) WHERE final_request_id IS NOT NULL;
CREATE INDEX api_requests_chain_idx ON api_requests (chain_seq);

COMMENT ON TABLE api_requests IS 'One row per request that reached Tollgate, failures included; written asynchronously by the journal; partitioned by month.';
COMMENT ON COLUMN api_requests.request_id IS 'Also returned to the client in the x-tollgate-request-id response header.';
COMMENT ON COLUMN api_requests.domain IS 'Host the client addressed (port stripped); the Claude Nexus Proxy routing key.';
COMMENT ON COLUMN api_requests.first_token_ms IS 'Milliseconds from request arrival to the first content delta of a streamed response.';
COMMENT ON COLUMN api_requests.response_status IS 'HTTP status sent to the client; 499 when the client went away first.';
COMMENT ON COLUMN api_requests.attempt IS '1 for the first account tried; 2, 3... for failover attempts.';
COMMENT ON COLUMN api_requests.final_request_id IS 'On an attempt that failed over: the request_id of the row whose answer the client received.';
COMMENT ON COLUMN api_requests.failed_over_from IS 'On the row the client got: the accounts tried before, in order, comma-separated.';
COMMENT ON COLUMN api_requests.cost_usd IS 'Price of the usage in US dollars at the price table entry priced_as; null when not priced.';
COMMENT ON COLUMN api_requests.priced_as IS 'Price table entry used; ''unknown-model'' when the model has no price (cost_usd then null).';
COMMENT ON COLUMN api_requests.chain_seq IS 'Position of the row in the hash chain of its month (1, 2, ...).';
COMMENT ON COLUMN api_requests.chain_hash IS 'sha256(previous chain_hash || sha256(journal_canonical(row))), hex; see docs/auditing.md.';
COMMENT ON TABLE streaming_chunks IS 'One row per server-sent event of a streamed response (switch off with TOLLGATE_JOURNAL_STREAMING_CHUNKS=false); partitioned by month.';
COMMENT ON COLUMN streaming_chunks.timestamp IS 'Arrival of the event at Tollgate.';

-- The events of streamed responses as they arrived, one row per server-sent event, with the time of
-- its arrival at Tollgate: the timeline auditors and the dashboard replay.
CREATE TABLE streaming_chunks (
    id           BIGSERIAL,
    request_id   UUID NOT NULL,
    chunk_index  INTEGER NOT NULL,
    timestamp    TIMESTAMPTZ NOT NULL,
    event        VARCHAR(64),
    data         TEXT NOT NULL,
    token_count  INTEGER NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (request_id, chunk_index)
);
COMMENT ON TABLE streaming_chunks IS 'One row per server-sent event of a streamed response (switch off with TOLLGATE_JOURNAL_STREAMING_CHUNKS=false).';
COMMENT ON COLUMN streaming_chunks.timestamp IS 'Arrival of the event at Tollgate.';

-- The dashboard draws a conversation with its sub-agents' turns, found by the request that started
-- them; without this index that lookup reads the whole journal.
CREATE INDEX api_requests_parent_task_idx ON api_requests (parent_task_request_id)
    WHERE parent_task_request_id IS NOT NULL;

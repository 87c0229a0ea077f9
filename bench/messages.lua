-- wrk script for bench/run.sh: a non-streaming POST /v1/messages with the headers the Messages API
-- needs, and one machine-readable summary line at the end (latencies in microseconds).
--   wrk -t2 -c64 -d20s --latency -s bench/messages.lua http://127.0.0.1:3300/v1/messages

wrk.method = "POST"
wrk.body = '{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}'
wrk.headers["x-api-key"] = "cnp_test_tollgate_demo_client_key"
wrk.headers["anthropic-version"] = "2023-06-01"
wrk.headers["content-type"] = "application/json"

dofile(debug.getinfo(1, "S").source:sub(2):gsub("messages%.lua$", "summary.lua"))

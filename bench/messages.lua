-- wrk script for bench/run.sh: a non-streaming POST /v1/messages with the headers the Messages API
-- needs, and one machine-readable summary line at the end (latencies in microseconds).
--   wrk -t2 -c64 -d20s --latency -s bench/messages.lua http://127.0.0.1:3300/v1/messages

wrk.method = "POST"
wrk.body = '{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}'
wrk.headers["x-api-key"] = "cnp_test_tollgate_demo_client_key"
wrk.headers["anthropic-version"] = "2023-06-01"
wrk.headers["content-type"] = "application/json"

-- No response() callback on purpose: it makes wrk collect every response and slows the load
-- generator, which shares the cores with the servers. Non-2xx answers are counted by wrk itself
-- (summary.errors.status, "Non-2xx or 3xx responses" in its report).
function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d seconds=%.3f rps=%.2f p50_us=%d p90_us=%d p99_us=%d max_us=%d "
         .. "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      e.status, e.connect, e.read, e.write, e.timeout))
end

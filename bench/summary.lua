-- The machine-readable summary line wrk prints at the end for bench/run.sh (latencies in
-- microseconds); loaded by messages.lua and chat.lua.

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

-- wrk script for bench/run.sh: the same request as messages.lua, as an OpenAI Chat Completions
-- request to Tollgate's OpenAI-compatible endpoint (translated to /v1/messages and back).
--   wrk -t2 -c64 -d20s --latency -s bench/chat.lua http://127.0.0.1:3300/openai/v1/chat/completions

wrk.method = "POST"
wrk.body = '{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}'
wrk.headers["authorization"] = "Bearer cnp_test_tollgate_demo_client_key"
wrk.headers["content-type"] = "application/json"

-- the summary line of messages.lua
dofile(debug.getinfo(1, "S").source:sub(2):gsub("chat%.lua$", "summary.lua"))

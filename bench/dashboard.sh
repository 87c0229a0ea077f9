#!/usr/bin/env bash
# The dashboard against a big journal: fills api_requests with BENCH_ROWS synthetic rows (default
# 1,000,000, spread over the last 24 hours) in the embedded database of a `./tollgate run --demo`,
# then times what the requests page runs: the first page as a browser gets it (count, capped at
# 10,000, + 50 rows, newest first), and the same count and page with each filter, as the SQL the
# page issues. Prints
# medians of BENCH_REPEAT runs (default 5). The baseline in the same run is the time of a bare
# `SELECT 1` round trip through the same connection, for scale.
#
# Synthetic rows are inserted with the hash-chain trigger switched off (they are not journal
# records; the trigger is switched on again before anything is measured).
set -euo pipefail
ROWS=${BENCH_ROWS:-1000000}
REPEAT=${BENCH_REPEAT:-5}
TG_PORT=${BENCH_TOLLGATE_PORT:-3310}
SIM_PORT=${BENCH_SIM_PORT:-8399}
DB_PORT=${BENCH_DB_PORT:-15542}
KEY=bench-dashboard-key-0123456789
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK=$(mktemp -d /tmp/tollgate-dashboard-bench.XXXXXX)
log() { printf '[dashboard-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

command -v psql >/dev/null || { log "psql is needed (apt-get install postgresql-client)"; exit 1; }
command -v curl >/dev/null || { log "curl is needed"; exit 1; }

TG_PID=""
cleanup() {
  if [ -n "$TG_PID" ] && kill -0 "$TG_PID" 2>/dev/null; then
    kill -TERM "$TG_PID" 2>/dev/null
    for _ in $(seq 1 120); do kill -0 "$TG_PID" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -rf "$WORK/data"
  log "logs in $WORK"
}
trap cleanup EXIT

log "starting Tollgate --demo on :$TG_PORT (database :$DB_PORT)"
skip=true
[ -f "$REPO/tollgate-cli/target/tollgate-cli.jar" ] || skip=false
(cd "$REPO" && DASHBOARD_API_KEY=$KEY TOLLGATE_SKIP_BUILD=$skip exec ./tollgate run --demo --port "$TG_PORT" \
  --demo-upstream-port "$SIM_PORT" --db-port "$DB_PORT" --data-dir "$WORK/data") >"$WORK/tollgate.log" 2>&1 &
TG_PID=$!
for _ in $(seq 1 600); do
  grep -q 'Tollgate is running' "$WORK/tollgate.log" && break
  kill -0 "$TG_PID" 2>/dev/null || { tail -n 30 "$WORK/tollgate.log" >&2; exit 1; }
  sleep 1
done

PSQL=(psql -X -q -v ON_ERROR_STOP=1 "postgresql://postgres@localhost:$DB_PORT/tollgate")
log "inserting $ROWS synthetic rows"
started=$SECONDS
"${PSQL[@]}" <<SQL
ALTER TABLE api_requests DISABLE TRIGGER api_requests_chain;
INSERT INTO api_requests (request_id, timestamp, method, path, train_id, account_id, model, request_type,
    response_status, input_tokens, output_tokens, total_tokens, cost_usd, duration_ms, body, response_body)
SELECT gen_random_uuid(), now() - (i % 86000) * interval '1 second', 'POST', '/v1/messages',
    'train-' || (i % 50), 'acc_' || (i % 5),
    CASE WHEN i % 3 = 0 THEN 'claude-haiku-4-5' ELSE 'claude-sonnet-4-5' END, 'inference',
    CASE WHEN i % 97 = 0 THEN 429 ELSE 200 END, 100 + i % 900, 20 + i % 300, 120 + i % 1200, 0.0006, 800 + i % 5000,
    jsonb_build_object('model', 'claude-sonnet-4-5', 'messages',
        jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'question number ' || i))),
    jsonb_build_object('type', 'message', 'content', jsonb_build_array(jsonb_build_object('type', 'text', 'text', 'answer ' || i)))
FROM generate_series(1, $ROWS) i;
ALTER TABLE api_requests ENABLE TRIGGER api_requests_chain;
ANALYZE api_requests;
SQL
log "inserted in $((SECONDS - started)) s"

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

cookie=$(curl -s -i -X POST -d "key=$KEY" "http://127.0.0.1:$TG_PORT/dashboard/login" \
  | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(dashboard_auth=[^;]*\).*/\1/p')
[ -n "$cookie" ] || { log "login failed"; exit 1; }
page_ms() { # the requests page as a browser first loads it
  for _ in $(seq 1 "$REPEAT"); do
    curl -s -o /dev/null -w '%{time_total}\n' -b "$cookie" "http://127.0.0.1:$TG_PORT/dashboard/requests.xhtml"
  done | awk '{ printf "%.1f\n", $1 * 1000 }' | median
}
sql_ms() { # the count and the first page the table issues with this filter
  local where=$1
  for _ in $(seq 1 "$REPEAT"); do
    "${PSQL[@]}" -c '\timing on' -c "SELECT count(*) FROM (SELECT 1 FROM api_requests
            WHERE timestamp >= now() - interval '24 hours' $where LIMIT 10000) capped" \
      -c "SELECT request_id, timestamp, model, response_status FROM api_requests
            WHERE timestamp >= now() - interval '24 hours' $where ORDER BY timestamp DESC, request_id LIMIT 50" \
      | awk '/^Time:/ { total += $2 } END { printf "%.1f\n", total }'
  done | median
}
baseline=$(for _ in $(seq 1 "$REPEAT"); do "${PSQL[@]}" -c '\timing on' -c 'SELECT 1' | awk '/^Time:/ { print $2 }'; done | median)
curl -s -o /dev/null -b "$cookie" "http://127.0.0.1:$TG_PORT/dashboard/requests.xhtml" # warm the page up

echo "== Dashboard on a journal of $ROWS rows (last 24 hours) =="
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB; Tollgate $(git -C "$REPO" rev-parse --short HEAD)"
printf '%-46s %10s\n' "what" "median ms"
printf '%-46s %10s\n' "baseline: SELECT 1 round trip" "$baseline"
printf '%-46s %10s\n' "requests page, first load (HTTP, count + 50)" "$(page_ms)"
printf '%-46s %10s\n' "overview page, last 24 hours (HTTP)" "$(for _ in $(seq 1 "$REPEAT"); do
  curl -s -o /dev/null -w '%{time_total}\n' -b "$cookie" "http://127.0.0.1:$TG_PORT/dashboard/?window=24h"
done | awk '{ printf "%.1f\n", $1 * 1000 }' | median)"
printf '%-46s %10s\n' "SQL: no filter" "$(sql_ms "")"
printf '%-46s %10s\n' "SQL: model = claude-haiku-4-5" "$(sql_ms "AND model = 'claude-haiku-4-5'")"
printf '%-46s %10s\n' "SQL: status = 429" "$(sql_ms "AND response_status = 429")"
printf '%-46s %10s\n' "SQL: train = train-7" "$(sql_ms "AND train_id = 'train-7'")"
printf '%-46s %10s\n' "SQL: text in bodies (ILIKE)" "$(sql_ms "AND (CAST(body AS text) ILIKE '%number 424242%' OR CAST(response_body AS text) ILIKE '%number 424242%')")"

# The optional trigram indexes (config/database/text-search-index.sql): what they save the text
# filter and what they cost the journal writer, on bodies the size of a real Claude Code request.
FIXTURE="$REPO/../shared/fixtures/claude-code-2.1.197-messages-request.json"
WRITE_ROWS=${BENCH_WRITE_ROWS:-2000}
write_ms() { # inserting WRITE_ROWS journal rows with the recorded Claude Code body, chain trigger on
  "${PSQL[@]}" -v body="$BODY" <<SQL | awk '/^Time:/ { printf "%.0f\n", $2 }'
\\timing on
INSERT INTO api_requests (request_id, timestamp, method, path, model, response_status, body, response_body)
SELECT gen_random_uuid(), now(), 'POST', '/v1/messages', 'claude-sonnet-4-5', 200,
    jsonb_set(:'body'::jsonb, '{metadata}', jsonb_build_object('user_id', 'bench-' || i)),
    jsonb_build_object('type', 'message', 'content', 'answer ' || i)
FROM generate_series(1, $WRITE_ROWS) i;
SQL
}
BODY=""
[ -f "$FIXTURE" ] && BODY=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["body"], separators=(",", ":")))' "$FIXTURE")
if [ -n "$BODY" ]; then
  printf '%-46s %10s\n' "journal write, $WRITE_ROWS Claude Code bodies, no trgm" "$(write_ms)"
fi
started=$SECONDS
if "${PSQL[@]}" -f "$REPO/config/database/text-search-index.sql" >/dev/null 2>"$WORK/trgm.err"; then
  printf '%-46s %10s\n' "trigram indexes built (s)" "$((SECONDS - started))"
  "${PSQL[@]}" -c 'ANALYZE api_requests'
  printf '%-46s %10s\n' "SQL: text in bodies (ILIKE, trigram index)" "$(sql_ms "AND (CAST(body AS text) ILIKE '%number 424242%' OR CAST(response_body AS text) ILIKE '%number 424242%')")"
  if [ -n "$BODY" ]; then
    printf '%-46s %10s\n' "journal write, $WRITE_ROWS Claude Code bodies, trgm" "$(write_ms)"
  fi
else
  log "pg_trgm not available here: $(head -c 300 "$WORK/trgm.err")"
fi

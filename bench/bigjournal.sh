#!/usr/bin/env bash
# bench/bigjournal.sh: does a big journal slow the relay down? Requests/s at c=64 with an empty
# api_requests table, then with BENCH_JOURNAL_ROWS (1,000,000) synthetic rows in it, then empty again
# (so that a drift of the machine or of the JIT between the first and the second measurement shows).
#
# Starts `./tollgate run --demo` (stopped on exit, also on Ctrl+C, as bench/run.sh does). Before each
# measurement: BENCH_WARMUP_SECONDS of the same load, unreported. "Empty" means emptied right after
# that warm-up (TRUNCATE of api_requests and streaming_chunks, chain heads reset), so it holds only
# the rows of the measurement itself.
#
# The synthetic rows look like what Tollgate writes for the demo requests (headers, bodies, usage,
# cost, hashes; spread over the last 24 hours) and go through the hash-chain trigger like real ones:
# it is a BEFORE INSERT trigger on the partitioned parent, and PostgreSQL clones it onto every
# partition, so inserting into a month's partition directly runs it too. Switching it off would take
# an exclusive lock on the table Tollgate is writing to and leave rows outside the chain, so it runs,
# in transactions of BENCH_JOURNAL_BATCH (500) rows like the journal writer's batches (with the
# per-row head update of V5 the cost per row grew with the rows before it in the same transaction,
# ADR 0007: ~0.3 ms a row at 500, so a million take minutes; the report gives the rate).
# Then VACUUM ANALYZE and CHECKPOINT, so that autovacuum and the insert's dirty pages do not land in
# the measurement (a real journal of a million rows has long been vacuumed).
#
# Settings (environment):
#   BENCH_JOURNAL_ROWS=1000000  synthetic rows
#   BENCH_JOURNAL_BATCH=500     rows per transaction while inserting them
#   BENCH_WARMUP_SECONDS=180    before each measurement (less leaves the JIT warming in the first)
#   BENCH_DURATION_SECONDS=20   each measurement
#   BENCH_CONNECTIONS=64 BENCH_THREADS=2   wrk -c / -t
#   BENCH_PIN=false             true: wrk on CPU BENCH_PIN_CPU (1) only (taskset)
#   BENCH_TOLLGATE_PORT=3330 BENCH_SIM_PORT=8419 BENCH_DB_PORT=15562
#   BENCH_START_TIMEOUT_SECONDS=900, BENCH_OUT_DIR (default: a new /tmp/tollgate-bigjournal.*),
#   TOLLGATE_SKIP_BUILD (as in bench/run.sh)
# Needs psql (installs postgresql-client when missing and run as root).
set -euo pipefail

BENCH_NAME=bigjournal
# shellcheck source=bench/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

ROWS=${BENCH_JOURNAL_ROWS:-1000000}
BATCH=${BENCH_JOURNAL_BATCH:-500}
WARMUP=${BENCH_WARMUP_SECONDS:-180}
DURATION=${BENCH_DURATION_SECONDS:-20}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
TG_PORT=${BENCH_TOLLGATE_PORT:-3330}
SIM_PORT=${BENCH_SIM_PORT:-8419}
DB_PORT=${BENCH_DB_PORT:-15562}
require_whole ROWS BATCH WARMUP DURATION CONNS THREADS TG_PORT SIM_PORT DB_PORT START_TIMEOUT
(( ROWS >= 1 && BATCH >= 1 && DURATION >= 1 && CONNS >= THREADS && THREADS >= 1 )) \
  || die "need BENCH_JOURNAL_ROWS, BENCH_JOURNAL_BATCH, BENCH_DURATION_SECONDS >= 1 and BENCH_CONNECTIONS >= BENCH_THREADS >= 1"

WORK=${BENCH_OUT_DIR:-$(mktemp -d /tmp/tollgate-bigjournal.XXXXXX)}
mkdir -p "$WORK"
LOGS="$WORK/logs"
mkdir -p "$LOGS"
DATA="$WORK/data"
NGX="$WORK/nginx"   # not used here
check_fresh_dirs
install_cleanup

ensure_packages wrk=wrk psql=postgresql-client
command -v java >/dev/null 2>&1 || die "Java 17+ is needed"
setup_pinning
check_ports_free "$TG_PORT" "$SIM_PORT" "$DB_PORT"

start_tollgate_demo "$TG_PORT" "$SIM_PORT" "$DB_PORT"
check_target tollgate "$TG_PORT"

PSQL=(psql -X -q -v ON_ERROR_STOP=1 "postgresql://postgres@127.0.0.1:$DB_PORT/tollgate")
sql() { "${PSQL[@]}" -At -c "$1"; }           # one statement, bare output
sql_log() { # NAME: runs the SQL on stdin (kept in $LOGS/NAME.sql), output in $LOGS/NAME.log
  local name=$1
  cat >"$LOGS/$name.sql"
  run_waiting "$LOGS/$name.log" "${PSQL[@]}" -f "$LOGS/$name.sql" || die "SQL of '$name' failed, see $LOGS/$name.log"
}

rows_now() { sql "SELECT count(*) FROM api_requests"; }
size_now() { sql "SELECT pg_size_pretty(sum(pg_total_relation_size(relid))) FROM pg_partition_tree('api_requests')"; }

# settled: the journal writer has flushed what it had (the count stops moving)
settled() {
  local previous="" now i
  for ((i = 0; i < 30; i++)); do
    now=$(rows_now)
    [ "$now" = "$previous" ] && return 0
    previous=$now
    sleep 1
  done
}
empty_journal() {
  settled
  sql_log "empty-$1" <<'SQL'
TRUNCATE api_requests, streaming_chunks;
DELETE FROM journal_chain_heads;
SQL
}

# phase NAME: warm-up, (empty the journal), measure; keeps rows and size before and after
phase() {
  local name=$1 empty=$2
  if ((WARMUP > 0)); then
    log "$name: warming up (${WARMUP}s of c=$CONNS)"
    wrk_run "warmup-$name" tollgate "$TG_PORT" "$CONNS" "$THREADS" "$WARMUP"
  fi
  if [ "$empty" = empty ]; then empty_journal "$name"; else settled; fi
  R[$name.rows_before]=$(rows_now)
  R[$name.size_before]=$(size_now)
  wrk_run "$name" tollgate "$TG_PORT" "$CONNS" "$THREADS" "$DURATION"
  settled
  R[$name.rows_after]=$(rows_now)
}

trigger_info() {
  sql "SELECT string_agg(DISTINCT c.relname || CASE WHEN t.tgparentid <> 0 THEN ' (cloned)' ELSE '' END, ', ')
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = 'api_requests_chain'" 2>/dev/null \
    | sed 's/, api_requests_[a-z0-9_]* (cloned)//g; s/^/on /'
  sql "SELECT count(*) FROM pg_trigger WHERE tgname = 'api_requests_chain' AND tgparentid <> 0" 2>/dev/null \
    | sed 's/$/ partitions carry a clone/'
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
phase empty1 empty

log "inserting $ROWS synthetic rows, $BATCH per transaction, through the hash-chain trigger"
INSERT_STARTED=$SECONDS
sql_log insert <<SQL
DO \$\$
DECLARE
    b BIGINT;
BEGIN
    FOR b IN 0 .. ($ROWS - 1) / $BATCH LOOP
        INSERT INTO api_requests (request_id, domain, train_id, account_id, timestamp, method, path, headers, body,
            api_key_hash, model, request_type, response_status, response_headers, response_body, input_tokens,
            output_tokens, total_tokens, usage_data, duration_ms, current_message_hash, system_hash, conversation_id,
            branch_id, message_count, stop_reason, upstream_request_id, client_address, user_agent, cost_usd, priced_as)
        SELECT gen_random_uuid(), '127.0.0.1', 'default', 'acc_demo',
            now() - ((i::bigint * 7919) % 86400) * interval '1 second' - (i % 1000) * interval '1 millisecond',
            'POST', '/v1/messages',
            jsonb_build_object('anthropic-version', '2023-06-01', 'content-type', 'application/json',
                'x-api-key', 'cnp_****', 'user-agent', 'wrk', 'host', '127.0.0.1'),
            jsonb_build_object('model', 'claude-sonnet-4-5', 'max_tokens', 64, 'messages',
                jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'synthetic question number ' || i))),
            md5('key') || md5('key'), 'claude-sonnet-4-5', 'inference', 200,
            jsonb_build_object('content-type', 'application/json', 'request-id', 'req_sim_' || i),
            jsonb_build_object('id', 'msg_sim_' || i, 'type', 'message', 'role', 'assistant', 'model', 'claude-sonnet-4-5',
                'content', jsonb_build_array(jsonb_build_object('type', 'text', 'text', 'synthetic answer ' || i)),
                'stop_reason', 'end_turn', 'usage', jsonb_build_object('input_tokens', 10 + i % 90, 'output_tokens', 5 + i % 60)),
            10 + i % 90, 5 + i % 60, 15 + i % 90 + i % 60,
            jsonb_build_object('input_tokens', 10 + i % 90, 'output_tokens', 5 + i % 60),
            1 + i % 40, md5(i::text) || md5((i + 1)::text), md5('system') || md5('system'), gen_random_uuid(),
            'main', 1, 'end_turn', 'req_sim_' || i, '127.0.0.1', 'wrk', 0.00012 + (i % 100) * 0.000001, 'claude-sonnet-4-5'
        FROM generate_series(b * $BATCH + 1, least((b + 1) * $BATCH, $ROWS)) i;
        COMMIT;
        IF (b + 1) * $BATCH % 100000 < $BATCH THEN
            RAISE NOTICE '% rows at %', least((b + 1) * $BATCH, $ROWS), clock_timestamp();
        END IF;
    END LOOP;
END \$\$;
SQL
INSERT_SECONDS=$((SECONDS - INSERT_STARTED))
log "inserted in ${INSERT_SECONDS}s; VACUUM ANALYZE and CHECKPOINT"
sql_log vacuum <<'SQL'
VACUUM ANALYZE api_requests;
CHECKPOINT;
SQL
CHAIN_OK=$(sql "SELECT count(*) FILTER (WHERE chain_seq IS NULL OR chain_hash IS NULL) FROM api_requests")
TRIGGER=$(trigger_info | paste -sd ';' | sed 's/;/; /')
phase big keep
phase empty2 empty
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report
ms() { awk -v v="$1" 'BEGIN { printf "%.2f", v / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2fx", a / b }'; }
errors_of() {
  echo $(( R[$1.tollgate.non2xx] + R[$1.tollgate.connect] + R[$1.tollgate.read] + R[$1.tollgate.write] + R[$1.tollgate.timeout] ))
}
report() {
  local m e
  echo "== Tollgate with a big journal =="
  machine_info
  echo "Settings: warm-up ${WARMUP}s before each ${DURATION}s measurement, wrk c=$CONNS (t$THREADS); $ROWS synthetic rows, $BATCH per transaction"
  echo "Pinning:  $(pinning_info)"
  echo "Load:     $LOAD_BEFORE before, $LOAD_AFTER after (1/5/15 min)"
  echo "Trigger:  api_requests_chain $TRIGGER"
  echo "Insert:   $ROWS rows in ${INSERT_SECONDS}s ($(awk -v r="$ROWS" -v s="$INSERT_SECONDS" 'BEGIN { if (s > 0) printf "%.0f", r / s; else print "-" }') rows/s), rows without a chain hash afterwards: $CHAIN_OK"
  echo
  printf '%-24s %12s %12s %12s %14s\n' "c=$CONNS" "empty" "$ROWS rows" "empty again" "big/empty"
  for m in rps p50_us p99_us; do
    local a=${R[empty1.tollgate.$m]} b=${R[big.tollgate.$m]} c=${R[empty2.tollgate.$m]} base
    base=$(awk -v a="$a" -v c="$c" 'BEGIN { print (a + c) / 2 }')
    case $m in
      rps) printf '%-24s %12s %12s %12s %14s\n' "req/s" "${a%%.*}" "${b%%.*}" "${c%%.*}" "$(ratio "$b" "$base")" ;;
      *) printf '%-24s %12s %12s %12s %14s\n' "${m%_us} ms" "$(ms "$a")" "$(ms "$b")" "$(ms "$c")" "$(ratio "$b" "$base")" ;;
    esac
  done
  printf '%-24s %12s %12s %12s\n' "rows before / after" "${R[empty1.rows_before]}/${R[empty1.rows_after]}" \
    "${R[big.rows_before]}/${R[big.rows_after]}" "${R[empty2.rows_before]}/${R[empty2.rows_after]}"
  printf '%-24s %12s %12s %12s\n' "journal size before" "${R[empty1.size_before]}" "${R[big.size_before]}" "${R[empty2.size_before]}"
  e=""
  for m in empty1 big empty2; do e="$e $m $(errors_of "$m") of ${R[$m.tollgate.requests]};"; done
  echo "(big/empty: against the mean of the two empty measurements; their difference is the noise to read it against)"
  echo "Errors (non-2xx, socket errors, timeouts):$e"
  for m in empty1 big empty2; do
    local journaled=$(( R[$m.rows_after] - R[$m.rows_before] ))
    echo "Journal, $m: $journaled rows written during the measurement, for ${R[$m.tollgate.requests]} requests wrk counted (up to $CONNS more were in flight when it stopped)"
  done
}
report | tee "$WORK/results.txt"
log "results: $WORK/results.txt (logs in $LOGS)"

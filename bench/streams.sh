#!/usr/bin/env bash
# bench/streams.sh: thousands of concurrent SSE streams (agents waiting on long answers) through
# Tollgate, and the same through nginx and directly as baselines.
#
# Starts `./tollgate run --demo` and nginx in front of the same simulator (stopped on exit, also on
# Ctrl+C, as bench/run.sh does), then, per target, bench/streams.py opens BENCH_STREAMS (2,000)
# streaming requests, started evenly over BENCH_STREAMS_RAMP_SECONDS, each on its own connection,
# with the simulator scripted slow: the first event after BENCH_STREAMS_FIRST_EVENT_MS (2,000 ms),
# then BENCH_STREAMS_TEXT_EVENTS (25) text deltas 20 ms apart (BENCH_STREAMS_GAP_MS). Each stream
# must end with message_stop and have exactly the events a single stream straight from the
# simulator has (no frame lost). Reports streams completed/failed, the time to the first event
# (TTFE) distribution, the whole stream, and how many streams were open at once.
#
# Only the target being measured is active: Tollgate's Payara Micro JVM is paused (SIGSTOP) while
# direct and nginx are measured (see bench/lib.sh).
#
# Payara Micro serves each stream on a thread of its http-thread-pool (max-thread-pool-size 200
# by default, queue 4,096): past 200 streams the others wait in the queue, which shows as
# peak_answered ~200 and a TTFE that grows in waves of the stream length. BENCH_HTTP_THREADS=N runs
# Tollgate with a copy of config/ (in the output directory) whose pre-boot commands set the pool to
# N threads, to see what a bigger pool does; the repository's config/ is not changed.
#
# Settings (environment):
#   BENCH_STREAMS=2000 BENCH_STREAMS_RAMP_SECONDS=2 BENCH_STREAMS_FIRST_EVENT_MS=2000
#   BENCH_STREAMS_GAP_MS=20 BENCH_STREAMS_TEXT_EVENTS=25 BENCH_STREAMS_TIMEOUT_SECONDS=300 (per stream)
#   BENCH_STREAMS_TARGETS="direct nginx tollgate"
#   BENCH_WARMUP_SECONDS=30     Tollgate warm-up (wrk c=64 non-streaming, then 200 streams) first
#   BENCH_HTTP_THREADS          unset: Payara's default pool; N: a pool of N threads (see above)
#   BENCH_PIN=false             true: the stream client and wrk on CPU BENCH_PIN_CPU (1) only
#   BENCH_TOLLGATE_PORT=3340 BENCH_SIM_PORT=8429 BENCH_DB_PORT=15572 BENCH_NGINX_PORT=8430
#   BENCH_START_TIMEOUT_SECONDS=900, BENCH_OUT_DIR (default: a new /tmp/tollgate-streams.*),
#   TOLLGATE_SKIP_BUILD (as in bench/run.sh)
set -euo pipefail

BENCH_NAME=streams
# shellcheck source=bench/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

STREAMS=${BENCH_STREAMS:-2000}
RAMP=${BENCH_STREAMS_RAMP_SECONDS:-2}
FIRST_MS=${BENCH_STREAMS_FIRST_EVENT_MS:-2000}
GAP_MS=${BENCH_STREAMS_GAP_MS:-20}
TEXT_EVENTS=${BENCH_STREAMS_TEXT_EVENTS:-25}
STREAM_TIMEOUT=${BENCH_STREAMS_TIMEOUT_SECONDS:-300}
TARGETS=${BENCH_STREAMS_TARGETS:-direct nginx tollgate}
WARMUP=${BENCH_WARMUP_SECONDS:-30}
HTTP_THREADS=${BENCH_HTTP_THREADS:-}
TG_PORT=${BENCH_TOLLGATE_PORT:-3340}
SIM_PORT=${BENCH_SIM_PORT:-8429}
DB_PORT=${BENCH_DB_PORT:-15572}
NGINX_PORT=${BENCH_NGINX_PORT:-8430}
require_whole STREAMS RAMP FIRST_MS GAP_MS TEXT_EVENTS STREAM_TIMEOUT WARMUP TG_PORT SIM_PORT DB_PORT NGINX_PORT START_TIMEOUT
[ -z "$HTTP_THREADS" ] || require_whole HTTP_THREADS
((STREAMS >= 1)) || die "BENCH_STREAMS must be at least 1"
for t in $TARGETS; do
  case $t in direct | nginx | tollgate) ;; *) die "BENCH_STREAMS_TARGETS: unknown target '$t' (direct, nginx, tollgate)" ;; esac
done

WORK=${BENCH_OUT_DIR:-$(mktemp -d /tmp/tollgate-streams.XXXXXX)}
mkdir -p "$WORK"
LOGS="$WORK/logs"
mkdir -p "$LOGS"
DATA="$WORK/data"
NGX="$WORK/nginx"
CONFIG="$WORK/config"   # only with BENCH_HTTP_THREADS; removed at the end
[ -e "$CONFIG" ] && die "$CONFIG exists (left from an earlier run?): remove it or choose another BENCH_OUT_DIR"
check_fresh_dirs
SAMPLER_PID=""
stop_sampler() {
  if alive "$SAMPLER_PID"; then kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null || true; fi
  SAMPLER_PID=""
}
remove_config() { stop_sampler; rm -rf "$CONFIG"; }
CLEANUP_HOOK=remove_config
install_cleanup

# one socket per stream on the client, and as many again in nginx (client and upstream side)
need_files=$((STREAMS * 2 + 1024))
if (( $(ulimit -n) < need_files )); then
  ulimit -n "$(( $(ulimit -Hn) < need_files ? $(ulimit -Hn) : need_files ))" 2>/dev/null || true
fi
(( $(ulimit -n) >= STREAMS + 256 )) || die "open files limit $(ulimit -n) (hard $(ulimit -Hn)) is too low for $STREAMS streams"

ensure_packages wrk=wrk nginx=nginx
command -v python3 >/dev/null 2>&1 || die "python3 is needed for bench/streams.py"
command -v java >/dev/null 2>&1 || die "Java 17+ is needed"
setup_pinning
check_ports_free "$TG_PORT" "$SIM_PORT" "$DB_PORT" "$NGINX_PORT"

TG_OPTIONS=()
if [ -n "$HTTP_THREADS" ]; then
  cp -r "$REPO/config" "$CONFIG"
  cat >>"$CONFIG/pre-boot-commands.asadmin" <<EOF
# added by bench/streams.sh (BENCH_HTTP_THREADS): one thread per concurrent stream
set configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-thread-pool-size=$HTTP_THREADS
EOF
  TG_OPTIONS=(--config-dir "$CONFIG")
  log "Payara's http-thread-pool: $HTTP_THREADS threads (config copy in $CONFIG)"
fi
start_tollgate_demo "$TG_PORT" "$SIM_PORT" "$DB_PORT" "${TG_OPTIONS[@]}"
start_nginx "$NGINX_PORT" "$SIM_PORT" $((STREAMS * 2 + 1024))
check_target direct "$SIM_PORT"
check_target nginx "$NGINX_PORT"
check_target tollgate "$TG_PORT"

port_of() { case $1 in direct) echo "$SIM_PORT" ;; nginx) echo "$NGINX_PORT" ;; tollgate) echo "$TG_PORT" ;; esac; }
SCRIPT=(--first-event-delay-ms "$FIRST_MS" --event-gap-ms "$GAP_MS" --text-events "$TEXT_EVENTS")

# what a complete stream has: one stream straight from the simulator
PROBE=$(python3 "$BENCH_DIR/streams.py" --target "direct=127.0.0.1:$SIM_PORT" --probe "${SCRIPT[@]}" 2>"$LOGS/probe.err") \
  || die "the probe stream failed: $(cat "$LOGS/probe.err")"
EXPECT=${PROBE#*events=}
EXPECT=${EXPECT%% *}
[[ $EXPECT =~ ^[0-9]+$ ]] || die "the probe stream said '$PROBE'"
log "a complete stream has $EXPECT events (${PROBE#PROBE })"

# streams_run label target count: bench/streams.py against one target, its STREAMS line into R
streams_run() {
  local label=$1 target=$2 count=$3 out line kv
  out="$LOGS/streams-$label-$target.txt"
  OUT2="$LOGS/streams-$label-$target-errors.txt" run_waiting "$out" timeout $((STREAM_TIMEOUT + RAMP + 120)) \
    "${LOADGEN[@]}" python3 "$BENCH_DIR/streams.py" --target "$target=127.0.0.1:$(port_of "$target")" \
    --streams "$count" --ramp-seconds "$RAMP" --expect-events "$EXPECT" --timeout "$STREAM_TIMEOUT" "${SCRIPT[@]}" \
    || die "streams.py against $target failed, see $LOGS/streams-$label-$target-errors.txt"
  line=$(grep '^STREAMS ' "$out" | tail -n 1)
  [ -n "$line" ] || die "no summary from streams.py in $out"
  for kv in ${line#STREAMS }; do
    R[$label.$target.${kv%%=*}]=${kv#*=}
  done
  log "$label $target: ${R[$label.$target.completed]} of $count complete, TTFE p50 ${R[$label.$target.ttfe_p50_ms]:--} ms, p99 ${R[$label.$target.ttfe_p99_ms]:--} ms, at most ${R[$label.$target.peak_answered]} answered at once"
}

if ((WARMUP > 0)); then
  only_active tollgate
  log "warming Tollgate up: ${WARMUP}s of wrk c=64, then $(( STREAMS < 200 ? STREAMS : 200 )) streams"
  wrk_run warmup tollgate "$TG_PORT" 64 2 "$WARMUP"
  streams_run warmup tollgate $(( STREAMS < 200 ? STREAMS : 200 ))
fi

# How many requests Tollgate has upstream at once: its Payara JVM's established connections to the
# simulator, sampled every second while the streams run (its HTTP client opens a new connection only
# when all pooled ones are busy, so this is the concurrency Tollgate reached upstream)
upstream_sampler() { # PAYARA_PID OUT
  while true; do
    ss -Htnp state established "( dport = :$SIM_PORT )" 2>/dev/null | grep -c "pid=$1," >>"$2" || true
    sleep 1
  done
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for target in $TARGETS; do
  only_active "$target"
  # the previous target's connections to the simulator close first (idle ones would count there)
  sleep 2
  if [ "$target" = tollgate ]; then
    payara=$(payara_stamps "$TG_CHILDREN" | head -n 1 | cut -d: -f1)
    rss_before=$(rss_kb "$payara")
    : >"$LOGS/upstream-connections.txt"
    if command -v ss >/dev/null 2>&1; then
      upstream_sampler "$payara" "$LOGS/upstream-connections.txt" &
      SAMPLER_PID=$!
    fi
  fi
  streams_run run "$target" "$STREAMS"
  if [ "$target" = tollgate ]; then
    stop_sampler
    R[tollgate.upstream_peak]=$(maximum "$(cat "$LOGS/upstream-connections.txt")")
    R[tollgate.rss_before]=$rss_before
    R[tollgate.rss_after]=$(rss_kb "$payara")
    R[tollgate.hwm]=$(awk '/^VmHWM:/ { print $2 }' "/proc/$payara/status")
    R[tollgate.threads]=$(awk '/^Threads:/ { print $2 }' "/proc/$payara/status")
  fi
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
only_active all
alive "$TG_PID" || die "Tollgate is gone after the streams, see $LOGS/tollgate.log"
JOURNAL=$(journal_count "$DB_PORT")

# ---------------------------------------------------------------- report
cell() { local v=${R[run.$2.$1]:-}; echo "${v:--}"; }
row() { # label metric
  local t cells=()
  for t in $TARGETS; do cells+=("$(cell "$2" "$t")"); done
  printf '%-36s' "$1"
  printf ' %10s' "${cells[@]}"
  printf '\n'
}
report() {
  local t
  echo "== Tollgate: $STREAMS concurrent SSE streams =="
  machine_info
  echo "Scripted: first event after $FIRST_MS ms, $TEXT_EVENTS text events $GAP_MS ms apart: $EXPECT events a stream, at least $(( FIRST_MS + TEXT_EVENTS * GAP_MS )) ms; $STREAMS streams started over ${RAMP}s, one connection each"
  echo "Payara:   http-thread-pool max-thread-pool-size ${HTTP_THREADS:-200 (Payara Micro default)}"
  echo "Pinning:  $(pinning_info)"
  echo "Pausing:  Tollgate's Payara Micro JVM is stopped (SIGSTOP) while direct and nginx are measured"
  echo "Load:     $LOAD_BEFORE before, $LOAD_AFTER after (1/5/15 min)"
  echo
  printf '%-36s' "streams"
  for t in $TARGETS; do printf ' %10s' "$t"; done
  printf '\n'
  row "completed (all events, message_stop)" completed
  row "failed" failed
  row "  of which short (lost frames)" short
  row "TTFE min ms" ttfe_p0_ms
  row "TTFE p10 ms" ttfe_p10_ms
  row "TTFE p50 ms" ttfe_p50_ms
  row "TTFE p90 ms" ttfe_p90_ms
  row "TTFE p99 ms" ttfe_p99_ms
  row "TTFE max ms" ttfe_max_ms
  row "whole stream p50 ms" whole_p50_ms
  row "whole stream p99 ms" whole_p99_ms
  row "connect p99 ms" connect_p99_ms
  row "response headers p50 ms" headers_p50_ms
  row "response headers p99 ms" headers_p99_ms
  row "peak open (sent, not ended)" peak_open
  row "peak answered (headers in, not ended)" peak_answered
  row "peak streaming (1st event, not ended)" peak_streaming
  row "wall s (first sent to last ended)" wall_s
  echo
  echo "TTFE counts from just before the request is written (after connecting); the simulator waits $FIRST_MS ms before the first event, so that is the floor."
  if [[ " $TARGETS " == *" tollgate "* ]]; then
    echo "Tollgate's Payara Micro JVM: RSS $(( ${R[tollgate.rss_before]:-0} / 1024 )) MB before the streams, $(( ${R[tollgate.rss_after]:-0} / 1024 )) MB after (peak VmHWM $(( ${R[tollgate.hwm]:-0} / 1024 )) MB), ${R[tollgate.threads]:-?} threads after"
    local upstream=${R[tollgate.upstream_peak]:-} pool=${HTTP_THREADS:-200}
    if [ -n "$upstream" ]; then
      echo "Tollgate had at most $upstream connections to the simulator at once (sampled each second; idle pooled ones included), for $STREAMS streams$( ((upstream < STREAMS && upstream <= pool + 10 && upstream >= pool - 10)) && echo ": about its http-thread-pool ($pool threads); the other streams waited in Payara's queue")"
    fi
    if [ -n "$JOURNAL" ]; then
      echo "Tollgate journal: ${JOURNAL#JOURNAL } in api_requests, for 1 check request, ${R[warmup.tollgate.requests]:-0} non-streaming and $(( ${R[warmup.tollgate.streams]:-0} + ${R[run.tollgate.streams]:-0} )) streaming requests sent (a stream that failed is journaled too)"
    fi
    if [ -s "$LOGS/streams-run-tollgate-errors.txt" ]; then
      echo "Failures through Tollgate (first ones, from $LOGS/streams-run-tollgate-errors.txt):"
      head -n 10 "$LOGS/streams-run-tollgate-errors.txt" | sed 's/^/  /'
    fi
    if grep -qiE 'SEVERE|OutOfMemory|RejectedExecution' "$LOGS/tollgate.log"; then
      echo "Tollgate log: $(grep -ciE 'SEVERE' "$LOGS/tollgate.log") SEVERE lines, $(grep -ciE 'OutOfMemory|RejectedExecution' "$LOGS/tollgate.log") OutOfMemory/RejectedExecution (see $LOGS/tollgate.log)"
    fi
  fi
  for t in direct nginx; do
    if [[ " $TARGETS " == *" $t "* ]] && [ -s "$LOGS/streams-run-$t-errors.txt" ]; then
      echo "Failures through $t: $(head -n 3 "$LOGS/streams-run-$t-errors.txt" | tr '\n' ' ')"
    fi
  done
}
report | tee "$WORK/results.txt"
log "results: $WORK/results.txt (logs in $LOGS)"

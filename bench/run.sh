#!/usr/bin/env bash
# bench/run.sh: Tollgate against nginx and against no proxy at all, in one run.
#
# Starts `./tollgate run --demo` (Tollgate on Payara Micro, the upstream simulator, an embedded
# PostgreSQL), a second Tollgate with STORAGE_ENABLED=false (what the journal costs) and an nginx
# reverse proxy in front of the same simulator, warms Tollgate's JIT, then measures with wrk
# (non-streaming requests/s and p50/p99 at c=1 and c=64) and with bench/ttfe.py (time to the first
# SSE event) against the simulator directly, through nginx and through Tollgate.
#
# Trustworthy figures on a small shared machine:
#   - only one target is active while it is measured: the Tollgate JVMs that are not measured are
#     stopped with SIGSTOP meanwhile and continued with SIGCONT afterwards (two Payara JVMs on two
#     cores: the idle one's JIT, GC and timers take CPU from the measured one; see bench/lib.sh);
#   - the scenarios are repeated in BENCH_ROUNDS alternating rounds (round 1: every scenario against
#     every target, one after the other; round 2: the same; ...), so that a slow minute of the machine
#     hits all targets alike; the report gives the median of the rounds, ratios of the medians, and
#     next to each ratio the range of the per-round ratios, plus the spread of each figure.
# Still compare the ratios, not absolute numbers between runs.
#
# Everything listens on 127.0.0.1 and everything started here is stopped on exit (also on Ctrl+C).
#
# Settings (environment):
#   BENCH_WARMUP_SECONDS=60     Tollgate warm-up under load before measuring (2-3 min for stable JIT)
#   BENCH_DURATION_SECONDS=20   each wrk measurement
#   BENCH_ROUNDS=3              rounds of all scenarios (medians of the rounds are reported)
#   BENCH_CONNECTIONS=64        connections of the loaded scenario (wrk -c), BENCH_THREADS=2 (wrk -t)
#   BENCH_STREAM_REQUESTS=50    sequential streaming requests per target and round
#   BENCH_PIN=false             true: wrk and ttfe.py run on CPU BENCH_PIN_CPU (1) only (taskset)
#   BENCH_SETTLE_SECONDS=1      after a paused JVM is continued, before the next measurement
#   BENCH_TOLLGATE_PORT=3300 BENCH_SIM_PORT=8389 BENCH_DB_PORT=15532 BENCH_NGINX_PORT=8390
#   BENCH_NOSTORE_PORT=3301     a second Tollgate with STORAGE_ENABLED=false: the journal's cost
#   BENCH_SECOND_ENV=STORAGE_ENABLED=false   what the second Tollgate runs with instead (VAR=value
#                               ...), to measure another switch in the same run, e.g.
#                               TOLLGATE_JOURNAL_IN_FLIGHT_LOG=false for the in-flight log's cost
#                               (a second Tollgate that journals writes to a database of its own)
#   BENCH_START_TIMEOUT_SECONDS=900   for Tollgate to start (includes a first build)
#   BENCH_OUT_DIR               where logs and the results go (default: a new /tmp/tollgate-bench.*)
#   TOLLGATE_SKIP_BUILD         default: true when the jars in tollgate-cli/target exist, else the
#                               ./tollgate script builds them
set -euo pipefail

BENCH_NAME=bench
# shellcheck source=bench/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

WARMUP=${BENCH_WARMUP_SECONDS:-60}
DURATION=${BENCH_DURATION_SECONDS:-20}
ROUNDS=${BENCH_ROUNDS:-3}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
STREAM_N=${BENCH_STREAM_REQUESTS:-50}
TG_PORT=${BENCH_TOLLGATE_PORT:-3300}
SIM_PORT=${BENCH_SIM_PORT:-8389}
DB_PORT=${BENCH_DB_PORT:-15532}
NGINX_PORT=${BENCH_NGINX_PORT:-8390}
NS_PORT=${BENCH_NOSTORE_PORT:-3301}
SECOND_ENV=${BENCH_SECOND_ENV:-STORAGE_ENABLED=false}

require_whole WARMUP DURATION ROUNDS CONNS THREADS STREAM_N TG_PORT SIM_PORT DB_PORT NGINX_PORT NS_PORT START_TIMEOUT
(( DURATION >= 1 && ROUNDS >= 1 && CONNS >= THREADS && THREADS >= 1 && STREAM_N >= 1 )) \
  || die "need BENCH_DURATION_SECONDS >= 1, BENCH_ROUNDS >= 1, BENCH_CONNECTIONS >= BENCH_THREADS >= 1, BENCH_STREAM_REQUESTS >= 1"
[[ $SETTLE_SECONDS =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "BENCH_SETTLE_SECONDS must be a number of seconds"

WORK=${BENCH_OUT_DIR:-$(mktemp -d /tmp/tollgate-bench.XXXXXX)}
mkdir -p "$WORK"
LOGS="$WORK/logs"
mkdir -p "$LOGS"
DATA="$WORK/data"          # embedded PostgreSQL and demo credentials: removed at the end
NGX="$WORK/nginx"          # nginx prefix: config, pid, temp files; removed at the end
check_fresh_dirs
install_cleanup

# ---------------------------------------------------------------- start
ensure_packages wrk=wrk nginx=nginx
command -v python3 >/dev/null 2>&1 || die "python3 is needed for bench/ttfe.py"
command -v java >/dev/null 2>&1 || die "Java 17+ is needed"
setup_pinning
check_ports_free "$TG_PORT" "$NS_PORT" "$SIM_PORT" "$DB_PORT" "$NGINX_PORT"

start_tollgate_demo "$TG_PORT" "$SIM_PORT" "$DB_PORT"
# shellcheck disable=SC2086 # VAR=value words
start_tollgate_nostore "$NS_PORT" "$SIM_PORT" "$DB_PORT" $SECOND_ENV
start_nginx "$NGINX_PORT" "$SIM_PORT"

check_target direct "$SIM_PORT"
check_target nginx "$NGINX_PORT"
check_target tollgate "$TG_PORT"
check_target nostore "$NS_PORT"
log "all four answer 200"

# ---------------------------------------------------------------- measure
port_of() {
  case $1 in direct) echo "$SIM_PORT" ;; nginx) echo "$NGINX_PORT" ;; tollgate | openai) echo "$TG_PORT" ;; nostore) echo "$NS_PORT" ;; esac
}

# ttfe_run label target: bench/ttfe.py against one target (5 unmeasured streams first), into R
ttfe_run() {
  local label=$1 target=$2 out line kv
  out="$LOGS/ttfe-$label-$target.txt"
  OUT2="$LOGS/ttfe-$label-$target-errors.txt" run_waiting "$out" timeout $((STREAM_N * 10 + 120)) \
    "${LOADGEN[@]}" python3 "$BENCH_DIR/ttfe.py" --requests "$STREAM_N" --warmup 5 \
    --first-event-delay-ms 0 --event-gap-ms 20 --text-events 5 --target "$target=127.0.0.1:$(port_of "$target")" \
    || die "ttfe.py failed, see $LOGS/ttfe-$label-$target-errors.txt"
  line=$(grep '^TTFE ' "$out" | tail -n 1)
  [ -n "$line" ] || die "no summary from ttfe.py in $out"
  for kv in ${line#TTFE }; do
    R[$label.$target.${kv%%=*}]=${kv#*=}
  done
  log "$label $target: TTFE p50 $(get "$label.$target.p50_ms") ms, p95 $(get "$label.$target.p95_ms") ms, $(get0 "$label.$target.errors") failed"
}
get() { echo "${R[$1]:-}"; }
get0() { echo "${R[$1]:-0}"; }

log "warming up (${WARMUP}s of c=$CONNS against each Tollgate, a few seconds against the others)"
if ((WARMUP > 0)); then
  only_active tollgate
  run_waiting "$LOGS/warmup-streams.txt" timeout 300 python3 "$BENCH_DIR/ttfe.py" \
    --target tollgate="127.0.0.1:$TG_PORT" --warmup 0 --requests 20 || true
  wrk_run warmup tollgate "$TG_PORT" "$CONNS" "$THREADS" "$WARMUP"
  only_active nostore
  wrk_run warmup nostore "$NS_PORT" "$CONNS" "$THREADS" "$WARMUP"
fi
only_active direct
wrk_run warmup direct "$SIM_PORT" "$CONNS" "$THREADS" 3
wrk_run warmup nginx "$NGINX_PORT" "$CONNS" "$THREADS" 3

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 1; r <= ROUNDS; r++)); do
  log "round $r of $ROUNDS"
  for target in direct nginx tollgate; do
    only_active "$target"
    wrk_run "c1-r$r" "$target" "$(port_of "$target")" 1 1 "$DURATION"
  done
  for target in direct nginx tollgate nostore; do
    only_active "$target"
    wrk_run "cN-r$r" "$target" "$(port_of "$target")" "$CONNS" "$THREADS" "$DURATION"
  done
  # the same request through the OpenAI-compatible endpoint: translation both ways on top of the relay
  only_active openai
  wrk_run "cN-r$r" openai "$TG_PORT" "$CONNS" "$THREADS" "$DURATION" chat.lua /openai/v1/chat/completions
  # streams: first event after 0 ms, 5 text events 20 ms apart
  for target in direct nginx tollgate; do
    only_active "$target"
    ttfe_run "stream-r$r" "$target"
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
only_active all
alive "$TG_PID" || die "Tollgate is gone after the measurements, see $LOGS/tollgate.log"

# ---------------------------------------------------------------- medians of the rounds
# R[<scenario>-r<round>.<target>.<metric>] -> R[<scenario>.<target>.<metric>] (median), and .min,
# .max, .sum of the rounds
declare -A BASES=()
for key in "${!R[@]}"; do
  [[ $key =~ ^([a-zA-Z0-9]+)-r[0-9]+\.(.*)$ ]] && BASES[${BASH_REMATCH[1]}.${BASH_REMATCH[2]}]=1
done
rounds_of() { # scenario.target.metric: the value of each round, in order
  local s=${1%%.*} rest=${1#*.} i
  for ((i = 1; i <= ROUNDS; i++)); do echo "${R[$s-r$i.$rest]:-}"; done
}
for base in "${!BASES[@]}"; do
  mapfile -t values < <(rounds_of "$base")
  R[$base]=$(median "${values[@]}")
  R[$base.min]=$(minimum "${values[@]}")
  R[$base.max]=$(maximum "${values[@]}")
  R[$base.sum]=$(printf '%s\n' "${values[@]}" | awk 'NF { s += $1 } END { printf "%d", s }')
done

# Did the journal keep up? Rows in api_requests against the requests Tollgate answered (wrk does
# not count the requests in flight when it stops, so a few more rows than that are normal): the
# check request, the warm-up (20 streams and wrk), and per round c=1, c=64, OpenAI and the streams
# with their 5 unmeasured ones.
num() { local v=${R[$1]:-0}; echo "${v%%.*}"; }
SENT=$(( 1 + $(num warmup.tollgate.requests) + $(num c1.tollgate.requests.sum) + $(num cN.tollgate.requests.sum) \
  + $(num cN.openai.requests.sum) + $(num stream.tollgate.n.sum) + $(num stream.tollgate.errors.sum) + 5 * ROUNDS ))
((WARMUP > 0)) && SENT=$((SENT + 20))
# requests wrk had sent but not counted when it stopped: up to one per connection of each wrk run
IN_FLIGHT=$(( ROUNDS * (1 + 2 * CONNS) ))
((WARMUP > 0)) && IN_FLIGHT=$((IN_FLIGHT + CONNS))
JOURNAL=$(journal_count "$DB_PORT")

# ---------------------------------------------------------------- report
us2ms() { [ -n "$1" ] && awk -v v="$1" 'BEGIN { printf "%.2f", v / 1000 }' || echo "-"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2fx", a / b }'; }
# ratio_cell scenario metric a b: ratio of the medians, then the range of the per-round ratios
ratio_cell() {
  local s=$1 m=$2 a=$3 b=$4 i per=()
  for ((i = 1; i <= ROUNDS; i++)); do
    per+=("$(awk -v a="$(get "$s-r$i.$a.$m")" -v b="$(get "$s-r$i.$b.$m")" 'BEGIN { if (a != "" && b != "" && b + 0 != 0) printf "%.4f", a / b }')")
  done
  printf '%s [%s-%s]' "$(ratio "$(get "$s.$a.$m")" "$(get "$s.$b.$m")")" \
    "$(awk -v v="$(minimum "${per[@]}")" 'BEGIN { if (v == "") print "?"; else printf "%.2f", v }')" \
    "$(awk -v v="$(maximum "${per[@]}")" 'BEGIN { if (v == "") print "?"; else printf "%.2f", v }')"
}
# spread scenario.target.metric: (max - min) / median of the rounds, as a percentage
spread() {
  awk -v lo="$(get "$1.min")" -v hi="$(get "$1.max")" -v med="$(get "$1")" \
    'BEGIN { if (med == "" || med + 0 == 0) print "-"; else printf "%.0f%%", (hi - lo) / med * 100 }'
}
fig() { # scenario.target.metric as shown: req/s whole, *_us in ms, the rest as is
  local v
  v=$(get "$1")
  case $1 in
    *.rps) [ -n "$v" ] && echo "${v%%.*}" || echo "-" ;;
    *_us) us2ms "$v" ;;
    *.total_p50_ms) [ -n "$v" ] && awk -v v="$v" 'BEGIN { printf "%.1f", v }' || echo "-" ;;
    *_ms) [ -n "$v" ] && awk -v v="$v" 'BEGIN { printf "%.2f", v }' || echo "-" ;;
    *) echo "${v:--}" ;;
  esac
}
fmtrow() { printf '%-32s %9s %9s %9s   %-20s %s\n' "$@"; }
row() { # label scenario metric
  fmtrow "$1" "$(fig "$2.direct.$3")" "$(fig "$2.nginx.$3")" "$(fig "$2.tollgate.$3")" \
    "$(ratio_cell "$2" "$3" tollgate nginx)" "$(ratio_cell "$2" "$3" tollgate direct)"
}
pair() { # label scenario metric first second numerator: two targets side by side, and numerator/the other
  local other=$4
  [ "$6" = "$4" ] && other=$5
  printf '%-32s %10s %10s   %s\n' "$1" "$(fig "$2.$4.$3")" "$(fig "$2.$5.$3")" "$(ratio_cell "$2" "$3" "$6" "$other")"
}
spread_row() { # label scenario metric
  local t cells=()
  for t in direct nginx tollgate nostore openai; do cells+=("$(spread "$2.$t.$3")"); done
  printf '%-32s %9s %9s %9s %9s %9s\n' "$1" "${cells[@]}"
}
errors_of() { # scenario target: summed over the rounds
  local s=$1 t=$2 suffix=.sum
  [ "$s" = warmup ] && suffix=""
  [ -n "$(get "$s.$t.requests$suffix")" ] || { echo "-"; return 0; }
  echo "$(get0 "$s.$t.non2xx$suffix") non-2xx, $(( $(get0 "$s.$t.connect$suffix") + $(get0 "$s.$t.read$suffix") + $(get0 "$s.$t.write$suffix") + $(get0 "$s.$t.timeout$suffix") )) socket errors/timeouts of $(get "$s.$t.requests$suffix")"
}
added() { awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN { if (a == "" || b == "") print "n/a"; else printf "%+.2f ms", (a - b) / d }'; }
# added_range scenario metric a b divisor: the range of a - b over the rounds
added_range() {
  local s=$1 m=$2 a=$3 b=$4 d=${5:-1} i per=()
  for ((i = 1; i <= ROUNDS; i++)); do
    per+=("$(awk -v a="$(get "$s-r$i.$a.$m")" -v b="$(get "$s-r$i.$b.$m")" -v d="$d" 'BEGIN { if (a != "" && b != "") printf "%.4f", (a - b) / d }')")
  done
  awk -v lo="$(minimum "${per[@]}")" -v hi="$(maximum "${per[@]}")" 'BEGIN { printf "[rounds %+.2f to %+.2f]", lo, hi }'
}

report() {
  echo "== Tollgate benchmark =="
  machine_info
  echo "Settings: warm-up ${WARMUP}s, ${DURATION}s per wrk run, c=1 (t1) and c=${CONNS} (t${THREADS}), ${STREAM_N} streams per target, ${ROUNDS} rounds"
  echo "Pinning:  $(pinning_info)"
  echo "Pausing:  the Tollgate JVMs not being measured are stopped (SIGSTOP) during each measurement"
  echo "Load:     $LOAD_BEFORE before the measurements, $LOAD_AFTER after (1/5/15 min)"
  echo
  fmtrow "Scenario (median of $ROUNDS rounds)" "direct" "nginx" "Tollgate" "Tollgate/nginx" "Tollgate/direct"
  row "non-stream c=1 req/s" c1 rps
  row "non-stream c=1 p50 ms" c1 p50_us
  row "non-stream c=1 p99 ms" c1 p99_us
  row "non-stream c=$CONNS req/s" cN rps
  row "non-stream c=$CONNS p50 ms" cN p50_us
  row "non-stream c=$CONNS p99 ms" cN p99_us
  row "stream TTFE p50 ms" stream p50_ms
  row "stream TTFE p95 ms" stream p95_ms
  row "stream whole p50 ms" stream total_p50_ms
  echo "(ratios: of the medians; in brackets the lowest and highest ratio of a single round)"
  echo
  echo "Added p50 latency at c=1 vs direct (goal: Tollgate <= 0.3 ms):"
  echo "  Tollgate - direct: $(added "$(get c1.tollgate.p50_us)" "$(get c1.direct.p50_us)" 1000) $(added_range c1 p50_us tollgate direct 1000)"
  echo "  nginx - direct:    $(added "$(get c1.nginx.p50_us)" "$(get c1.direct.p50_us)" 1000) $(added_range c1 p50_us nginx direct 1000)"
  echo
  if [ "$SECOND_ENV" = STORAGE_ENABLED=false ]; then
    printf '%-32s %10s %10s   %s\n' "Journal cost, c=$CONNS" "storage on" "off" "on/off"
  else
    printf '%-32s %10s %10s   %s\n' "Defaults vs $SECOND_ENV, c=$CONNS" "defaults" "second" "defaults/second"
  fi
  pair "req/s" cN rps tollgate nostore tollgate
  pair "p50 ms" cN p50_us tollgate nostore tollgate
  pair "p99 ms" cN p99_us tollgate nostore tollgate
  echo
  printf '%-32s %10s %10s   %s\n' "OpenAI endpoint, c=$CONNS" "native" "OpenAI" "OpenAI/native"
  pair "req/s" cN rps tollgate openai openai
  pair "p50 ms" cN p50_us tollgate openai openai
  pair "p99 ms" cN p99_us tollgate openai openai
  echo
  printf '%-32s %9s %9s %9s %9s %9s\n' "Spread of the rounds (max-min)/median" "direct" "nginx" "Tollgate" "no-store" "OpenAI"
  spread_row "non-stream c=1 req/s" c1 rps
  spread_row "non-stream c=1 p50" c1 p50_us
  spread_row "non-stream c=$CONNS req/s" cN rps
  spread_row "non-stream c=$CONNS p50" cN p50_us
  spread_row "non-stream c=$CONNS p99" cN p99_us
  spread_row "stream TTFE p50" stream p50_ms
  echo
  echo "req/s: higher is better (ratio < 1 = Tollgate slower); latencies: lower is better (ratio > 1 = Tollgate slower)."
  echo "Added time to first event, Tollgate - direct: p50 $(added "$(get stream.tollgate.p50_ms)" "$(get stream.direct.p50_ms)"), p95 $(added "$(get stream.tollgate.p95_ms)" "$(get stream.direct.p95_ms)")"
  echo "                           nginx - direct:    p50 $(added "$(get stream.nginx.p50_ms)" "$(get stream.direct.p50_ms)"), p95 $(added "$(get stream.nginx.p95_ms)" "$(get stream.direct.p95_ms)")"
  echo "Events per stream (median): direct $(get stream.direct.events), nginx $(get stream.nginx.events), Tollgate $(get stream.tollgate.events); a whole stream takes as long through a proxy as direct when events are relayed as they come"
  echo
  echo "Errors (all rounds):"
  local t
  for t in direct nginx tollgate; do
    echo "  $t: c=1 $(errors_of c1 $t); c=$CONNS $(errors_of cN $t); streams $(get0 stream.$t.errors.sum) failed of $(( $(get0 stream.$t.n.sum) + $(get0 stream.$t.errors.sum) ))"
  done
  echo "  second Tollgate ($SECOND_ENV): c=$CONNS $(errors_of cN nostore)"
  echo "  Tollgate warm-up: $(errors_of warmup tollgate)"
  echo "  Tollgate OpenAI endpoint: c=$CONNS $(errors_of cN openai)"
  if [ -n "$JOURNAL" ]; then
    local rows verdict
    rows=${JOURNAL#*rows=}
    rows=${rows%% *}
    if ((rows < SENT)); then verdict="$((SENT - rows)) MISSING"
    elif ((rows <= SENT + IN_FLIGHT)); then verdict="every answered request has its row; $((rows - SENT)) more were in flight when wrk stopped (up to $IN_FLIGHT can be)"
    else verdict="$((rows - SENT)) more rows than answered + in flight ($IN_FLIGHT): check"; fi
    echo "  Tollgate journal: ${JOURNAL#JOURNAL } in api_requests, for $SENT requests it answered: $verdict"
  else
    echo "  Tollgate journal: not counted (see $LOGS/journal-count.log), for $SENT requests it answered"
  fi
  if grep -qiE 'SEVERE|Exception' "$LOGS/tollgate.log"; then
    echo "  Tollgate log: $(grep -ciE 'SEVERE' "$LOGS/tollgate.log") SEVERE lines, $(grep -ciE 'Exception' "$LOGS/tollgate.log") lines mentioning an exception (see $LOGS/tollgate.log)"
  fi
}
report | tee "$WORK/results.txt"
log "results: $WORK/results.txt (wrk reports in $LOGS)"

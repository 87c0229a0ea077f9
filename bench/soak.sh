#!/usr/bin/env bash
# bench/soak.sh: Tollgate under steady load for a long time; does it stay fast, and does its memory
# stay flat?
#
# Starts `./tollgate run --demo` (as bench/run.sh does, and stopped the same way on exit, also on
# Ctrl+C), then runs wrk at c=64 against it for BENCH_SOAK_MINUTES, in slices of one minute. After
# each slice it samples the Payara Micro JVM (VmRSS, threads, open files, from /proc/PID) and prints
# a line: requests/s, p50, p99, errors, RSS. At the end: first, last and highest RSS, whether RSS is
# flat over the last 10 minutes, and whether the journal has a row for every answered request.
#
# Settings (environment):
#   BENCH_SOAK_MINUTES=30        slices of load
#   BENCH_SOAK_SLICE_SECONDS=60  length of a slice ("minute" in the report)
#   BENCH_SOAK_WINDOW_MINUTES=10 RSS growth is judged over the last this many slices
#   BENCH_SOAK_FLAT_PERCENT=5    ... and called flat when it grew by at most this much
#   BENCH_WARMUP_SECONDS=0       unreported load before the first slice (the first slices show the
#                                JIT warming up, which is part of what a soak shows)
#   BENCH_CONNECTIONS=64 BENCH_THREADS=2   wrk -c / -t
#   BENCH_PIN=false              true: wrk on CPU BENCH_PIN_CPU (1) only (taskset)
#   BENCH_TOLLGATE_PORT=3320 BENCH_SIM_PORT=8409 BENCH_DB_PORT=15552
#   BENCH_START_TIMEOUT_SECONDS=900, BENCH_OUT_DIR (default: a new /tmp/tollgate-soak.*),
#   TOLLGATE_SKIP_BUILD (as in bench/run.sh)
set -euo pipefail

BENCH_NAME=soak
# shellcheck source=bench/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

MINUTES=${BENCH_SOAK_MINUTES:-30}
SLICE=${BENCH_SOAK_SLICE_SECONDS:-60}
WINDOW=${BENCH_SOAK_WINDOW_MINUTES:-10}
FLAT_PERCENT=${BENCH_SOAK_FLAT_PERCENT:-5}
WARMUP=${BENCH_WARMUP_SECONDS:-0}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
TG_PORT=${BENCH_TOLLGATE_PORT:-3320}
SIM_PORT=${BENCH_SIM_PORT:-8409}
DB_PORT=${BENCH_DB_PORT:-15552}
require_whole MINUTES SLICE WINDOW FLAT_PERCENT WARMUP CONNS THREADS TG_PORT SIM_PORT DB_PORT START_TIMEOUT
(( MINUTES >= 1 && SLICE >= 1 && WINDOW >= 1 && CONNS >= THREADS && THREADS >= 1 )) \
  || die "need BENCH_SOAK_MINUTES, BENCH_SOAK_SLICE_SECONDS, BENCH_SOAK_WINDOW_MINUTES >= 1 and BENCH_CONNECTIONS >= BENCH_THREADS >= 1"

WORK=${BENCH_OUT_DIR:-$(mktemp -d /tmp/tollgate-soak.XXXXXX)}
mkdir -p "$WORK"
LOGS="$WORK/logs"
mkdir -p "$LOGS"
DATA="$WORK/data"
NGX="$WORK/nginx"   # not used here; the clean-up removes it if it exists
check_fresh_dirs
install_cleanup

ensure_packages wrk=wrk
command -v java >/dev/null 2>&1 || die "Java 17+ is needed"
setup_pinning
check_ports_free "$TG_PORT" "$SIM_PORT" "$DB_PORT"

start_tollgate_demo "$TG_PORT" "$SIM_PORT" "$DB_PORT"
check_target tollgate "$TG_PORT"
PAYARA=$(payara_stamps "$TG_CHILDREN" | head -n 1)
PAYARA_PID=${PAYARA%%:*}
mb() { awk -v k="$1" 'BEGIN { if (k == "") print "-"; else printf "%.0f", k / 1024 }'; }
RSS_IDLE=$(rss_kb "$PAYARA_PID")
log "Payara Micro is pid $PAYARA_PID, $(mb "$RSS_IDLE") MB RSS idle"

if ((WARMUP > 0)); then
  log "warming up: ${WARMUP}s of c=$CONNS"
  wrk_run warmup tollgate "$TG_PORT" "$CONNS" "$THREADS" "$WARMUP"
fi

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u '+%H:%M:%S')
RSS=()
LINES=()
line_fmt() { printf '%6s %9s %9s %9s %8s %9s %8s %6s\n' "$@"; }
for ((m = 1; m <= MINUTES; m++)); do
  wrk_run "slice$m" tollgate "$TG_PORT" "$CONNS" "$THREADS" "$SLICE"
  still "$PAYARA" || die "Payara Micro (pid $PAYARA_PID) is gone after slice $m, see $LOGS/tollgate.log"
  rss=$(rss_kb "$PAYARA_PID")
  RSS+=("$rss")
  errors=$(( ${R[slice$m.tollgate.non2xx]} + ${R[slice$m.tollgate.connect]} + ${R[slice$m.tollgate.read]} \
    + ${R[slice$m.tollgate.write]} + ${R[slice$m.tollgate.timeout]} ))
  LINES+=("$(line_fmt "$m" "${R[slice$m.tollgate.rps]%%.*}" \
    "$(awk -v v="${R[slice$m.tollgate.p50_us]}" 'BEGIN { printf "%.2f", v / 1000 }')" \
    "$(awk -v v="${R[slice$m.tollgate.p99_us]}" 'BEGIN { printf "%.2f", v / 1000 }')" \
    "$errors" "$(mb "$rss")" "$(awk '/^Threads:/ { print $2 }' "/proc/$PAYARA_PID/status")" \
    "$(find "/proc/$PAYARA_PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)")")
  log "slice $m of $MINUTES: ${R[slice$m.tollgate.rps]%%.*} req/s, RSS $(mb "$rss") MB"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
HWM=$(awk '/^VmHWM:/ { print $2 }' "/proc/$PAYARA_PID/status")

SENT=1
TOTAL_ERRORS=0
for key in "${!R[@]}"; do
  case $key in
    *.tollgate.requests) SENT=$((SENT + R[$key])) ;;
    *.tollgate.non2xx | *.tollgate.connect | *.tollgate.read | *.tollgate.write | *.tollgate.timeout) TOTAL_ERRORS=$((TOTAL_ERRORS + R[$key])) ;;
  esac
done
IN_FLIGHT=$(( (MINUTES + (WARMUP > 0 ? 1 : 0)) * CONNS ))
JOURNAL=$(journal_count "$DB_PORT")

report() {
  local n=${#RSS[@]} w first last max grow pct l rows verdict unit=minute
  echo "== Tollgate soak =="
  machine_info
  echo "Settings: $MINUTES slices of ${SLICE}s of wrk c=$CONNS (t$THREADS), warm-up ${WARMUP}s; started $STARTED UTC"
  echo "Pinning:  $(pinning_info)"
  echo "Load:     $LOAD_BEFORE before the slices, $LOAD_AFTER after (1/5/15 min)"
  echo
  ((SLICE == 60)) || unit=slice
  line_fmt "$unit" "req/s" "p50 ms" "p99 ms" "errors" "RSS MB" "threads" "fds"
  for l in "${LINES[@]}"; do echo "$l"; done
  echo
  first=${RSS[0]}
  last=${RSS[n - 1]}
  max=$(maximum "${RSS[@]}")
  echo "RSS of the Payara Micro JVM (VmRSS): idle before the load $(mb "$RSS_IDLE") MB; first slice $(mb "$first") MB, last $(mb "$last") MB, highest sample $(mb "$max") MB (peak VmHWM $(mb "$HWM") MB)"
  if ((n >= 2)); then
    w=$WINDOW
    ((w > n - 1)) && w=$((n - 1))
    grow=$(( last - RSS[n - 1 - w] ))
    pct=$(awk -v g="$grow" -v b="${RSS[n - 1 - w]}" 'BEGIN { printf "%+.1f", g / b * 100 }')
    if awk -v p="$pct" -v f="$FLAT_PERCENT" 'BEGIN { exit !(p <= f) }'; then verdict="flat (at most +$FLAT_PERCENT %)"; else verdict="GROWING (more than +$FLAT_PERCENT %)"; fi
    echo "RSS over the last $w slices: $(awk -v g="$grow" 'BEGIN { printf "%+.0f", g / 1024 }') MB ($pct %): $verdict$( ((w < WINDOW)) && echo "; a shorter soak than the $WINDOW-slice window")"
  else
    echo "RSS trend: needs at least 2 slices"
  fi
  echo "req/s: first slice ${R[slice1.tollgate.rps]%%.*}, last ${R[slice$MINUTES.tollgate.rps]%%.*}, median $(median "$(for ((m = 1; m <= MINUTES; m++)); do echo "${R[slice$m.tollgate.rps]}"; done)" | cut -d. -f1)"
  echo "Errors: $TOTAL_ERRORS (non-2xx, socket errors and timeouts) in $SENT requests"
  if [ -n "$JOURNAL" ]; then
    rows=${JOURNAL#*rows=}
    rows=${rows%% *}
    if ((rows < SENT)); then verdict="$((SENT - rows)) MISSING"
    elif ((rows <= SENT + IN_FLIGHT)); then verdict="every answered request has its row; $((rows - SENT)) more were in flight when a slice stopped (up to $IN_FLIGHT can be)"
    else verdict="$((rows - SENT)) more rows than answered + in flight ($IN_FLIGHT): check"; fi
    echo "Journal: ${JOURNAL#JOURNAL } in api_requests, for $SENT requests answered: $verdict"
  else
    echo "Journal: not counted (see $LOGS/journal-count.log)"
  fi
  if grep -qiE 'SEVERE|OutOfMemory' "$LOGS/tollgate.log"; then
    echo "Tollgate log: $(grep -ciE 'SEVERE' "$LOGS/tollgate.log") SEVERE lines, $(grep -ciE 'OutOfMemory' "$LOGS/tollgate.log") OutOfMemory (see $LOGS/tollgate.log)"
  fi
}
report | tee "$WORK/results.txt"
log "results: $WORK/results.txt (wrk reports in $LOGS)"

#!/usr/bin/env bash
# bench/cluster.sh: requests/s through 1, 2 and 3 Tollgate instances on one data grid behind an nginx
# load balancer, against nginx in front of the simulator, all in one run.
#
# Starts `./tollgate run --demo --cluster` (instance 1, which also runs the upstream simulator and the
# embedded PostgreSQL) and one nginx with a route per configuration (round robin, upstream keep-alive):
#   nginx -> simulator (the baseline), nginx -> instance 1, -> instances 1-2, -> instances 1-3.
# Instances 2 and 3 (`./tollgate run --cluster` on the same database, simulator and demo credentials,
# each with its own spill directory) are started one at a time, each once the configuration before it
# has been measured, and join instance 1's grid. Every configuration gets the same wrk load:
# BENCH_WARMUP_SECONDS unreported, then BENCH_DURATION_SECONDS measured. No quotas anywhere.
#
# Nothing in the grid is paused: a member stopped with SIGSTOP stops answering the grid, and the
# others would wait on its operations and then drop it, so the measurement would be of a broken grid
# rather than of fewer instances. Hence the instances come one by one and each configuration is
# "every started instance, all in the upstream". Only for the baseline is instance 1 (alone then)
# paused, as bench/run.sh does for its direct and nginx targets.
#
# What two cores can and cannot show: every instance, nginx, PostgreSQL, the simulator and wrk share
# the same cores, so a second or third JVM brings no CPU of its own and cannot add req/s. The ratio
# to 1 instance is what N JVMs and their grid cost on the cores one had to itself; the shares and the
# journal check show that the load spreads and that nothing is lost. Scale-out itself needs a host
# (or cores) per instance: measure it there. One measurement per configuration: compare the ratios.
#
# Everything listens on 127.0.0.1 and everything started here is stopped on exit (also on Ctrl+C).
#
# Settings (environment):
#   BENCH_WARMUP_SECONDS=30     unreported load before each Tollgate configuration's measurement
#   BENCH_DURATION_SECONDS=30   each measurement
#   BENCH_CONNECTIONS=64 BENCH_THREADS=2   wrk -c / -t, the same for every configuration
#   BENCH_PIN=false             true: wrk on CPU BENCH_PIN_CPU (1) only (taskset)
#   BENCH_TOLLGATE_PORT=3350    instance 1; instances 2 and 3 on the next two ports
#   BENCH_GRID_PORT=5920        instance 1's data-grid port; 2 and 3 on the next two
#   BENCH_NGINX_PORT=8440       nginx -> simulator; the next three ports: nginx -> 1, 2, 3 instances
#   BENCH_SIM_PORT=8439 BENCH_DB_PORT=15582
#   BENCH_GRID_TIMEOUT_SECONDS=180    for a new instance to be seen by all in the grid
#   BENCH_START_TIMEOUT_SECONDS=900, BENCH_SETTLE_SECONDS=1, BENCH_OUT_DIR (default: a new
#   /tmp/tollgate-cluster.*), TOLLGATE_SKIP_BUILD (as in bench/run.sh)
set -euo pipefail

BENCH_NAME=cluster
# shellcheck source=bench/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

WARMUP=${BENCH_WARMUP_SECONDS:-30}
DURATION=${BENCH_DURATION_SECONDS:-30}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
TG_PORT=${BENCH_TOLLGATE_PORT:-3350}
GRID_PORT=${BENCH_GRID_PORT:-5920}
NGINX_PORT=${BENCH_NGINX_PORT:-8440}
SIM_PORT=${BENCH_SIM_PORT:-8439}
DB_PORT=${BENCH_DB_PORT:-15582}
GRID_TIMEOUT=${BENCH_GRID_TIMEOUT_SECONDS:-180}
require_whole WARMUP DURATION CONNS THREADS TG_PORT GRID_PORT NGINX_PORT SIM_PORT DB_PORT GRID_TIMEOUT START_TIMEOUT
(( DURATION >= 1 && CONNS >= THREADS && THREADS >= 1 )) \
  || die "need BENCH_DURATION_SECONDS >= 1 and BENCH_CONNECTIONS >= BENCH_THREADS >= 1"
[[ $SETTLE_SECONDS =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "BENCH_SETTLE_SECONDS must be a number of seconds"

WORK=${BENCH_OUT_DIR:-$(mktemp -d /tmp/tollgate-cluster.XXXXXX)}
mkdir -p "$WORK"
LOGS="$WORK/logs"
mkdir -p "$LOGS"
DATA="$WORK/data"          # embedded PostgreSQL, demo credentials, each instance's spill directory
NGX="$WORK/nginx"
check_fresh_dirs

# the same grid for every instance, under a name of its own: a test suite's grid on this machine
# (ClusterIT's is called "tollgate") must never take these instances in
export TOLLGATE_CLUSTER_NAME=tollgate-bench
export TOLLGATE_CLUSTER_MEMBERS="127.0.0.1:$GRID_PORT,127.0.0.1:$((GRID_PORT + 1)),127.0.0.1:$((GRID_PORT + 2))"
unset TOLLGATE_QUOTAS_FILE   # quota-free, all alike
port_of() { echo $((TG_PORT + $1 - 1)); }   # instance N's HTTP port
log_of() { if (($1 == 1)); then echo "$LOGS/tollgate.log"; else echo "$LOGS/tollgate-$1.log"; fi; }

# ---------------------------------------------------------------- instances 2 and 3
# instance 1 is lib.sh's Tollgate (TG_PID); these two are this script's, stopped by the clean-up
# before instance 1, which runs the database and the simulator they use
# shellcheck disable=SC2034   # used by name (${!var}, in_own_group, await_started)
I2_PID="" I2_CHILDREN="" I3_PID="" I3_CHILDREN=""
stop_instances() {
  local n pid var children=""
  for n in 3 2; do
    var=I${n}_PID
    pid=${!var}
    [ -n "$pid" ] || continue
    var=I${n}_CHILDREN
    children+=" $(merge_stamps "${!var}" "$pid")"
    alive "$pid" && { log "stopping instance $n (pid $pid)"; kill -TERM "$pid" 2>/dev/null; }
  done
  for n in 3 2; do
    var=I${n}_PID
    pid=${!var}
    [ -n "$pid" ] && ! await_exit "$pid" 60 && kill -KILL "$pid" 2>/dev/null
  done
  for pid in $children; do   # their Payara Micro JVMs, if still there
    if still "$pid" && ! await_exit "${pid%%:*}" 10 && still "$pid"; then kill -KILL "${pid%%:*}" 2>/dev/null; fi
  done
  return 0
}
CLEANUP_HOOK=stop_instances
install_cleanup

start_instance() { # N (2 or 3)
  local n=$1
  log "starting instance $n on :$(port_of "$n") (grid port $((GRID_PORT + n - 1))); log: $(log_of "$n")"
  in_own_group "I${n}_PID" run_in_repo "$(log_of "$n")" \
    env TOLLGATE_SKIP_BUILD=true CLAUDE_API_BASE_URL="http://127.0.0.1:$SIM_PORT" \
    CREDENTIALS_DIR="$DATA/demo-credentials" DATABASE_URL="postgresql://postgres@localhost:$DB_PORT/tollgate" \
    TOLLGATE_CLUSTER_PORT=$((GRID_PORT + n - 1)) TOLLGATE_INSTANCE_NAME="bench-$n" \
    TOLLGATE_JOURNAL_SPILL_DIR="$DATA/instance-$n/journal-spill" \
    ./tollgate run --cluster --port "$(port_of "$n")" --data-dir "$DATA/instance-$n"
  local pidvar=I${n}_PID
  await_started "instance $n" "${!pidvar}" "$(log_of "$n")" "I${n}_CHILDREN"
}

# metric N NAME: the sum of NAME's samples on instance N's /metrics (0 when it cannot be read)
metric() {
  { curl -s --max-time 10 "http://127.0.0.1:$(port_of "$1")/metrics?scope=application" || true; } \
    | awk -v n="$2" 'index($0, n "{") == 1 || index($0, n " ") == 1 { s += $NF } END { printf "%d", s }'
}
await_grid() { # N: until instances 1..N all count N members
  local n=$1 i deadline=$((SECONDS + GRID_TIMEOUT))
  for ((i = 1; i <= n; i++)); do
    until [ "$(metric "$i" tollgate_cluster_members)" = "$n" ]; do
      ((SECONDS < deadline)) || die "instance $i does not count $n grid members after ${GRID_TIMEOUT}s (tollgate_cluster_members), see $(log_of "$i")"
      sleep 1
    done
  done
  log "grid: instances 1-$n each count $n members"
}

# ---------------------------------------------------------------- start
ensure_packages wrk=wrk nginx=nginx
command -v java >/dev/null 2>&1 || die "Java 17+ is needed"
setup_pinning
check_ports_free "$TG_PORT" $((TG_PORT + 1)) $((TG_PORT + 2)) "$GRID_PORT" $((GRID_PORT + 1)) $((GRID_PORT + 2)) \
  "$NGINX_PORT" $((NGINX_PORT + 1)) $((NGINX_PORT + 2)) $((NGINX_PORT + 3)) "$SIM_PORT" "$DB_PORT"

TOLLGATE_CLUSTER_PORT=$GRID_PORT TOLLGATE_INSTANCE_NAME=bench-1 TOLLGATE_JOURNAL_SPILL_DIR="$DATA/journal-spill" \
  start_tollgate_demo "$TG_PORT" "$SIM_PORT" "$DB_PORT" --cluster
start_nginx_routes 4096 "$NGINX_PORT=$SIM_PORT" "$((NGINX_PORT + 1))=$(port_of 1)" \
  "$((NGINX_PORT + 2))=$(port_of 1),$(port_of 2)" "$((NGINX_PORT + 3))=$(port_of 1),$(port_of 2),$(port_of 3)"
CHECKS=0   # requests answered by a Tollgate outside wrk, for the journal check
check_target nginx "$NGINX_PORT"
check_target tollgate "$TG_PORT"
check_target nginx-1 $((NGINX_PORT + 1))
CHECKS=$((CHECKS + 2))
await_grid 1

# ---------------------------------------------------------------- measure
# measure N: through nginx to instances 1..N; R[measure.tgN.served<i>] = what instance i answered
# during the measured run (from its tollgate_requests_total)
measure() {
  local n=$1 i before=()
  if ((WARMUP > 0)); then
    log "$n instance(s): warming up (${WARMUP}s of c=$CONNS through nginx)"
    wrk_run warmup "tg$n" $((NGINX_PORT + n)) "$CONNS" "$THREADS" "$WARMUP"
  fi
  for ((i = 1; i <= n; i++)); do before[i]=$(metric "$i" tollgate_requests_total); done
  wrk_run measure "tg$n" $((NGINX_PORT + n)) "$CONNS" "$THREADS" "$DURATION"
  for ((i = 1; i <= n; i++)); do R[measure.tg$n.served$i]=$(( $(metric "$i" tollgate_requests_total) - before[i] )); done
  alive "$TG_PID" || die "instance 1 is gone, see $(log_of 1)"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
only_active nginx   # instance 1 paused: the baseline has the cores to itself
wrk_run warmup nginx "$NGINX_PORT" "$CONNS" "$THREADS" 3
wrk_run measure nginx "$NGINX_PORT" "$CONNS" "$THREADS" "$DURATION"
only_active tollgate
measure 1
for n in 2 3; do
  start_instance "$n"
  await_grid "$n"
  check_target "tollgate-$n" "$(port_of "$n")"
  check_target "nginx-$n" $((NGINX_PORT + n))
  CHECKS=$((CHECKS + 2))
  measure "$n"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# Did the journal keep up? Rows in api_requests against the requests wrk saw answered (up to one per
# connection and wrk run more were in flight when it stopped), and against what the instances count
SENT=$CHECKS
RUNS=0
for key in "${!R[@]}"; do
  if [[ $key == *.tg?.requests ]]; then SENT=$((SENT + R[$key])); RUNS=$((RUNS + 1)); fi
done
IN_FLIGHT=$((RUNS * CONNS))
JOURNAL=$(journal_count "$DB_PORT")
ANSWERED=0   # what the instances count, in flight included: the journal's rows should be exactly this
for i in 1 2 3; do ANSWERED=$((ANSWERED + $(metric "$i" tollgate_requests_total))); done

# ---------------------------------------------------------------- report
get() { echo "${R[$1]:-}"; }
ms() { awk -v v="$1" 'BEGIN { if (v == "") print "-"; else printf "%.2f", v / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2fx", a / b }'; }
errors() { # target: non-2xx, socket errors and timeouts, of the requests
  local t=measure.$1
  echo "$(( ${R[$t.non2xx]:-0} + ${R[$t.connect]:-0} + ${R[$t.read]:-0} + ${R[$t.write]:-0} + ${R[$t.timeout]:-0} )) of ${R[$t.requests]:-?}"
}
shares() { # N: each instance's part of what the N answered
  local n=$1 i sum=0 out=""
  for ((i = 1; i <= n; i++)); do sum=$((sum + ${R[measure.tg$n.served$i]})); done
  ((sum > 0)) || { echo "-"; return 0; }
  for ((i = 1; i <= n; i++)); do out+="$(awk -v a="${R[measure.tg$n.served$i]}" -v s="$sum" 'BEGIN { printf "%.0f%%", a / s * 100 }') "; done
  echo "${out% }"
}
fmtrow() { printf '%-22s %8s %8s %8s %9s %9s  %-16s %s\n' "$@"; }
row() { # label target [N]
  fmtrow "$1" "$(get "measure.$2.rps" | cut -d. -f1)" "$(ms "$(get "measure.$2.p50_us")")" "$(ms "$(get "measure.$2.p99_us")")" \
    "$(ratio "$(get "measure.$2.rps")" "$(get measure.tg1.rps)")" "$(ratio "$(get "measure.$2.rps")" "$(get measure.nginx.rps)")" \
    "$(errors "$2")" "$([ -n "${3:-}" ] && shares "$3" || echo "-")"
}

report() {
  local i rows verdict cores
  cores=$(nproc)
  echo "== Tollgate scale-out benchmark =="
  machine_info
  echo "Settings: wrk c=$CONNS (t$THREADS), ${WARMUP}s warm-up (baseline: 3s) and ${DURATION}s measured per configuration, one measurement each"
  echo "Grid:     $TOLLGATE_CLUSTER_NAME, members $TOLLGATE_CLUSTER_MEMBERS; instances on :$(port_of 1), :$(port_of 2), :$(port_of 3); one PostgreSQL, one simulator"
  echo "nginx:    round robin over the configuration's instances, upstream keep-alive; no quotas"
  echo "Pausing:  baseline: instance 1 (the only one started then) paused with SIGSTOP. N instances: instances 1-N"
  echo "          running, all in the upstream; the others not started yet (they join one by one). No grid member is paused."
  echo "Pinning:  $(pinning_info)"
  echo "Load:     $LOAD_BEFORE before the measurements, $LOAD_AFTER after (1/5/15 min)"
  echo
  fmtrow "Configuration" "req/s" "p50 ms" "p99 ms" "/1 inst." "/nginx" "errors" "share per instance (1 2 3)"
  row "nginx -> simulator" nginx
  row "nginx -> 1 instance" tg1 1
  row "nginx -> 2 instances" tg2 2
  row "nginx -> 3 instances" tg3 3
  echo "(req/s ratios; shares: each instance's tollgate_requests_total during the measured run)"
  echo
  echo "Per instance, since start:"
  for i in 1 2 3; do
    echo "  instance $i: answered $(metric "$i" tollgate_requests_total), journal rows written $(metric "$i" tollgate_journal_written_records), spilled $(metric "$i" tollgate_journal_spilled_records), dropped $(metric "$i" tollgate_journal_dropped_records)$(grep -q SEVERE "$(log_of "$i")" && echo ", $(grep -c SEVERE "$(log_of "$i")") SEVERE log lines")"
  done
  if [ -n "$JOURNAL" ]; then
    rows=${JOURNAL#*rows=}
    rows=${rows%% *}
    if ((rows < SENT)); then verdict="$((SENT - rows)) MISSING"
    elif ((rows <= SENT + IN_FLIGHT)); then verdict="every answered request has its row; $((rows - SENT)) more were in flight when wrk stopped (up to $IN_FLIGHT can be)"
    else verdict="$((rows - SENT)) more rows than answered + in flight ($IN_FLIGHT): check"; fi
    echo "Journal:  ${JOURNAL#JOURNAL } in api_requests (shared), for $SENT requests wrk saw answered: $verdict"
    echo "          the instances count $ANSWERED answered (tollgate_requests_total): $( ((rows == ANSWERED)) && echo "one row each" || echo "rows - answered = $((rows - ANSWERED)): check")"
  else
    echo "Journal:  not counted (see $LOGS/journal-count.log), for $SENT requests answered"
  fi
  echo
  echo "What $cores cores can show:"
  if ((cores < 4)); then
    echo "  - The instances, nginx, PostgreSQL, the simulator and wrk all share the same $cores cores: a second or third JVM"
    echo "    brings no CPU of its own, so more instances cannot add req/s here. N instances / 1 instance below 1.00x is"
    echo "    the cost of N JVMs (threads, JIT, GC, context switches) and of their grid on the cores one had to itself."
  else
    echo "  - Everything here shares $cores cores: more instances add req/s only while one alone leaves cores idle."
  fi
  echo "  - What it does show: the load spreads over the instances (shares), and nothing is lost (errors, and the"
  echo "    journal's rows against the requests answered). Scale-out throughput needs a host (or cores) per instance."
}
report | tee "$WORK/results.txt"
log "results: $WORK/results.txt (wrk reports in $LOGS)"

# bench/lib.sh: what bench/run.sh, bench/soak.sh, bench/bigjournal.sh, bench/streams.sh and
# bench/cluster.sh share: logging, starting `./tollgate run --demo` (and a second Tollgate without
# storage), nginx in front of the simulator (or of several instances), wrk runs, pausing a Tollgate JVM while another target is measured, and the
# clean-up that stops everything they started (also on Ctrl+C or an error). Sourced, not run.
#
# The sourcing script sets, before calling anything here:
#   BENCH_NAME   prefix of the progress messages ("bench", "soak", ...)
#   WORK LOGS    output directory and its logs/ (LOGS must exist)
#   DATA NGX     data directory of the embedded PostgreSQL and the nginx prefix: both are removed by
#                the clean-up, so they must not exist before (check_fresh_dirs)
# and calls install_cleanup once, before starting anything.
# shellcheck shell=bash

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_NAME=${BENCH_NAME:-bench}

exec {LOG_FD}>&2   # progress messages go here even while a command's output is redirected
log() { printf '[%s %s] %s\n' "$BENCH_NAME" "$(date +%H:%M:%S)" "$*" >&"$LOG_FD"; }
die() { log "ERROR: $*"; exit 1; }

# require_whole VAR...: each variable must hold a whole number
require_whole() {
  local v
  for v in "$@"; do
    [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, got '${!v}'"
  done
}

check_fresh_dirs() {
  local d
  for d in "$DATA" "$NGX"; do
    [ -e "$d" ] && die "$d exists (left from an earlier run?): remove it or choose another BENCH_OUT_DIR"
  done
  return 0
}

# ---------------------------------------------------------------- processes
TG_PID=""            # the Tollgate command's JVM (./tollgate execs java); with --demo it also runs the simulator
TG_CHILDREN=""       # its child processes (Payara Micro) as pid:start-time, recorded while it starts
NS_PID=""            # the second Tollgate, with STORAGE_ENABLED=false (bench/run.sh only)
NS_CHILDREN=""
NGINX_PID=""         # nginx master (runs with daemon off)
CURRENT_PID=""       # the wrk, ttfe.py, ... being waited for
CLEANED=""

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# waits up to $2 seconds for pid $1 to exit
await_exit() {
  local pid=$1 i
  for ((i = 0; i < $2 * 4; i++)); do
    alive "$pid" || return 0
    sleep 0.25
  done
  ! alive "$pid"
}

descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

# "pid:start-time", so that a process is only ever signalled if it is still the one recorded
stamp() { local st; st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}') && [ -n "$st" ] && echo "$1:$st"; return 0; }
stamps_of_descendants() { local pid; for pid in $(descendants "$1"); do stamp "$pid"; done; }
still() { [ -n "$1" ] && [ "$(stamp "${1%%:*}")" = "$1" ]; }
# merge_stamps "STAMPS" PID: STAMPS plus the stamps of PID's descendants now, each once
merge_stamps() {
  local list
  list="$1 $(stamps_of_descendants "$2")"
  tr ' ' '\n' <<<"$list" | sed '/^$/d' | sort -u | tr '\n' ' '
}

# the Payara Micro JVM(s) among recorded stamps, if still running
payara_stamps() {
  local s
  for s in $1; do
    still "$s" && grep -q 'payara-micro' "/proc/${s%%:*}/cmdline" 2>/dev/null && echo "$s"
  done
  return 0
}

# the postmaster of our embedded database, from its pid file, only if it is still that postgres
postmaster_pid() {
  local file="$DATA/postgres/postmaster.pid" pid
  [ -f "$file" ] || return 0
  pid=$(head -n 1 "$file" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" && grep -q postgres "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
  return 0
}

# ---------------------------------------------------------------- pausing a Tollgate
# Two Payara Micro JVMs on two cores: the one not being measured is not idle (JIT compiler threads
# finishing their queue, GC, EJB timers, the journal writer's and the metrics' periodic work, the
# database pool's housekeeping), and whatever it takes comes straight out of the measured target's
# share of the two cores, by a different amount from one measurement to the next. That was a large
# part of why the journal's on/off ratio swung 0.8x-2.25x between runs of the same code. So while one
# target is measured, every Tollgate JVM that is not the target is stopped with SIGSTOP (it keeps its
# sockets, heap and JIT state and takes no CPU at all) and continued with SIGCONT afterwards.
#   - the Payara Micro JVM of each Tollgate (the child of the ./tollgate command) is paused;
#   - the command JVM of the storage-less Tollgate does nothing but wait for its child: paused too;
#   - the command JVM of `./tollgate run --demo` also runs the upstream simulator, which every target
#     needs (it is the "direct" target): never paused. Nor is PostgreSQL, nginx, or the simulator:
#     they only work when asked.
# A stopped JVM cannot act on SIGTERM, so the clean-up continues everything before stopping it.
TG_PAUSED=""
NS_PAUSED=""
SETTLE_SECONDS=${BENCH_SETTLE_SECONDS:-1}   # after continuing a JVM: its timers catch up first

signal_stamps() { # SIG STAMPS...
  local sig=$1 s
  shift
  for s in "$@"; do
    still "$s" && kill -"$sig" "${s%%:*}" 2>/dev/null
  done
  return 0
}
pause_tollgate() { # tollgate|nostore
  case $1 in
    tollgate) [ -n "$TG_PAUSED" ] && return 0
      # shellcheck disable=SC2046
      signal_stamps STOP $(payara_stamps "$TG_CHILDREN")
      TG_PAUSED=1 ;;
    nostore) [ -n "$NS_PAUSED" ] || [ -z "$NS_PID" ] && return 0
      # shellcheck disable=SC2046
      signal_stamps STOP $(payara_stamps "$NS_CHILDREN") "$(stamp "$NS_PID")"
      NS_PAUSED=1 ;;
  esac
  return 0
}
resume_tollgate() { # tollgate|nostore
  case $1 in
    tollgate) [ -z "$TG_PAUSED" ] && return 0
      # shellcheck disable=SC2046
      signal_stamps CONT $(payara_stamps "$TG_CHILDREN")
      TG_PAUSED="" ;;
    nostore) [ -z "$NS_PAUSED" ] && return 0
      # shellcheck disable=SC2046
      signal_stamps CONT "$(stamp "$NS_PID")" $(payara_stamps "$NS_CHILDREN")
      NS_PAUSED="" ;;
  esac
  sleep "$SETTLE_SECONDS"
}
# only_active TARGET: direct|nginx (no Tollgate JVM runs), tollgate|openai, nostore, all
only_active() {
  case $1 in
    direct | nginx) pause_tollgate tollgate; pause_tollgate nostore ;;
    tollgate | openai) pause_tollgate nostore; resume_tollgate tollgate ;;
    nostore) pause_tollgate tollgate; resume_tollgate nostore ;;
    all) resume_tollgate tollgate; resume_tollgate nostore ;;
    *) die "only_active: unknown target $1" ;;
  esac
}
paused_state() { echo "Tollgate ${TG_PAUSED:+paused}${TG_PAUSED:-running}, storage-less ${NS_PAUSED:+paused}${NS_PAUSED:-running}"; }

# ---------------------------------------------------------------- clean-up (runs on every exit)
CLEANUP_HOOK=""   # name of a function the script wants run first (e.g. its own children)

cleanup() {
  [ -n "$CLEANED" ] && return 0
  CLEANED=1
  trap '' INT TERM HUP   # a second Ctrl+C must not cut the clean-up short
  set +e
  # continue whatever is stopped first, flags or not: a JVM stopped with SIGSTOP never sees SIGTERM
  # shellcheck disable=SC2086
  signal_stamps CONT $TG_CHILDREN $NS_CHILDREN "$(stamp "${NS_PID:-x}")"
  TG_PAUSED="" NS_PAUSED=""
  [ -n "$CLEANUP_HOOK" ] && "$CLEANUP_HOOK"
  if alive "$CURRENT_PID"; then
    kill -TERM "$CURRENT_PID" 2>/dev/null
    await_exit "$CURRENT_PID" 5 || kill -KILL "$CURRENT_PID" 2>/dev/null
  fi
  if alive "$NGINX_PID"; then
    log "stopping nginx (pid $NGINX_PID)"
    kill -QUIT "$NGINX_PID" 2>/dev/null
    await_exit "$NGINX_PID" 15 || kill -KILL "$NGINX_PID" 2>/dev/null
  fi
  if [ -n "$NS_PID" ]; then
    local ns_children ns_pid
    ns_children=$(merge_stamps "$NS_CHILDREN" "$NS_PID")
    if alive "$NS_PID"; then
      log "stopping the second Tollgate (pid $NS_PID)"
      kill -TERM "$NS_PID" 2>/dev/null
      await_exit "$NS_PID" 60 || kill -KILL "$NS_PID" 2>/dev/null
    fi
    for ns_pid in $ns_children; do
      if still "$ns_pid" && ! await_exit "${ns_pid%%:*}" 10 && still "$ns_pid"; then
        kill -KILL "${ns_pid%%:*}" 2>/dev/null
      fi
    done
  fi
  if [ -n "$TG_PID" ]; then
    local pg children pid
    pg=$(postmaster_pid)
    children=$(merge_stamps "$TG_CHILDREN" "$TG_PID")
    if alive "$TG_PID"; then
      log "stopping Tollgate (pid $TG_PID; it stops Payara Micro, the simulator and PostgreSQL)"
      kill -TERM "$TG_PID" 2>/dev/null
      if ! await_exit "$TG_PID" 120; then
        log "Tollgate did not stop within 120 s: killing it"
        kill -KILL "$TG_PID" 2>/dev/null
      fi
    fi
    for pid in $children; do
      # Payara Micro can still be on its way out for a moment after the command has exited
      if still "$pid" && ! await_exit "${pid%%:*}" 10 && still "$pid"; then
        log "left-over child of Tollgate: ${pid%%:*} $(tr '\0' ' ' <"/proc/${pid%%:*}/cmdline" 2>/dev/null | cut -c1-120)"
        kill -TERM "${pid%%:*}" 2>/dev/null
        await_exit "${pid%%:*}" 30 || { log "killing ${pid%%:*}"; kill -KILL "${pid%%:*}" 2>/dev/null; }
      fi
    done
    [ -z "$pg" ] && pg=$(postmaster_pid)
    # Tollgate stops its database itself; the postmaster may need a moment after Tollgate has gone
    if alive "$pg" && ! await_exit "$pg" 15; then
      log "stopping left-over PostgreSQL (pid $pg)"
      kill -INT "$pg" 2>/dev/null   # fast shutdown
      await_exit "$pg" 20 || kill -KILL "$pg" 2>/dev/null
    fi
  fi
  rm -rf "$DATA" "$NGX"
  log "logs: $LOGS"
}
install_cleanup() {
  trap cleanup EXIT
  trap 'log "interrupted"; exit 130' INT TERM HUP
}

# run_waiting OUT CMD...: runs CMD in the background with its output in OUT (stderr too, unless OUT2
# is set) and waits for it, so that a signal is handled at once
run_waiting() {
  local out=$1
  shift
  if [ -n "${OUT2:-}" ]; then "$@" >"$out" 2>"$OUT2" & else "$@" >"$out" 2>&1 & fi
  CURRENT_PID=$!
  local rc=0
  wait "$CURRENT_PID" || rc=$?
  CURRENT_PID=""
  return "$rc"
}

# ---------------------------------------------------------------- tools
# ensure_packages COMMAND=PACKAGE...: installs the Debian packages of the commands that are missing
ensure_packages() {
  local missing=() pkg spec
  for spec in "$@"; do
    command -v "${spec%%=*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${spec%%=*}" ] || missing+=("${spec#*=}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root"
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get to install them"
  for pkg in "${missing[@]}"; do
    if ! apt-cache policy "$pkg" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
      log "apt-get update (the package lists do not know $pkg)"
      timeout 600 apt-get -o DPkg::Lock::Timeout=300 update -q >"$LOGS/apt-update.log" 2>&1 \
        || die "apt-get update failed, see $LOGS/apt-update.log"
      break
    fi
  done
  log "installing ${missing[*]} from the Debian packages"
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get -o DPkg::Lock::Timeout=300 install -y -q \
    --no-install-recommends "${missing[@]}" >"$LOGS/apt-install.log" 2>&1 \
    || die "apt-get install ${missing[*]} failed, see $LOGS/apt-install.log"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
check_ports_free() {
  local p
  for p in "$@"; do
    port_in_use "$p" && die "port $p is in use on 127.0.0.1; choose others (BENCH_*_PORT)"
  done
  return 0
}

# TOLLGATE_SKIP_BUILD unset: true when the jars are built (benchmark what is built), else false so
# that ./tollgate builds them on a fresh clone
decide_skip_build() {
  if [ -z "${TOLLGATE_SKIP_BUILD:-}" ]; then
    TOLLGATE_SKIP_BUILD=false
    local rt="$REPO/tollgate-cli/target/runtime"
    if [ -f "$REPO/tollgate-cli/target/tollgate-cli.jar" ] && [ -f "$rt/payara-micro.jar" ] \
        && [ -f "$rt/proxy-web.war" ] && [ -f "$rt/dashboard-war.war" ]; then
      TOLLGATE_SKIP_BUILD=true
    fi
  fi
}

# ---------------------------------------------------------------- load generator pinning
# BENCH_PIN=true runs the load generators (wrk, and the Python stream clients) on one CPU
# (BENCH_PIN_CPU, 1) with taskset; the servers stay free to use both. On two cores this gives every
# target the same leftover (all of CPU 0, and what wrk leaves of CPU 1) instead of whatever the
# scheduler decides from one run to the next, so runs are more alike; but it also caps the load
# generator at one core (wrk's two threads share it), which can make the fast baselines (direct,
# nginx) wrk-bound and so shrink Tollgate's ratios against them. Default off.
PIN=${BENCH_PIN:-false}
PIN_CPU=${BENCH_PIN_CPU:-1}
LOADGEN=()
setup_pinning() {
  case $PIN in
    true)
      command -v taskset >/dev/null 2>&1 || die "BENCH_PIN=true needs taskset (util-linux)"
      if ! [[ $PIN_CPU =~ ^[0-9]+$ ]] || ((PIN_CPU >= $(nproc))); then
        die "BENCH_PIN_CPU=$PIN_CPU is not one of the $(nproc) CPUs"
      fi
      LOADGEN=(taskset -c "$PIN_CPU") ;;
    false) LOADGEN=() ;;
    *) die "BENCH_PIN must be true or false, got '$PIN'" ;;
  esac
}
pinning_info() {
  if [ "$PIN" = true ]; then echo "load generators pinned to CPU $PIN_CPU (taskset; BENCH_PIN=true), servers unpinned"
  else echo "none (BENCH_PIN=false): the scheduler places wrk and the servers"; fi
}

# ---------------------------------------------------------------- machine
machine_info() {
  echo "Date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "Machine:  $(nproc) cores ($(nproc --all) online), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "Memory:   $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "Kernel:   $(uname -sr)"
  echo "Java:     $(java -version 2>&1 | head -n 1) / $(java -version 2>&1 | sed -n 3p)"
  if command -v wrk >/dev/null 2>&1; then
    echo "nginx:    $("${NGINX_BIN:-nginx}" -v 2>&1 | sed 's/^nginx version: //'), wrk: $(wrk -v 2>&1 | head -n 1 | awk '{print $2}')"
  fi
  echo "Tollgate: ${TG_REVISION:-$(revision)}, command jar built ${JAR_BUILT:-$(jar_built)}"
}
revision() { echo "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)')"; }
jar_built() { date -u -r "$REPO/tollgate-cli/target/tollgate-cli.jar" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo '?'; }
TG_REVISION=""   # as of the start of the Tollgate under test (the jars can be rebuilt meanwhile)
JAR_BUILT=""

# ---------------------------------------------------------------- starting
START_TIMEOUT=${BENCH_START_TIMEOUT_SECONDS:-900}

# The servers are started in process groups of their own (job control on just for the `&`): a
# process group that has stopped members when it becomes orphaned (the shell that started this
# script exits, say) gets SIGHUP and SIGCONT from the kernel, which would shut the paused JVMs down
# in the middle of a run. Their own groups stay attached to this script while it runs. (If this
# script is killed outright, kill -9, that same rule continues the paused JVMs and shuts them down;
# what was not paused, nginx say, is left running as it would be without the groups.) It also keeps
# a Ctrl+C in the terminal from reaching them directly: the clean-up stops them in order.
#   in_own_group VAR CMD...: runs CMD in the background in a new process group, its pid into VAR
in_own_group() {
  local var=$1
  shift
  set -m
  "$@" &
  printf -v "$var" '%s' "$!"
  set +m
}

# await_started NAME PID LOG STAMPVAR: until LOG says Tollgate is running; records PID's
# descendants in the variable STAMPVAR while waiting
await_started() {
  local name=$1 pid=$2 logfile=$3 var=$4 deadline=$((SECONDS + START_TIMEOUT))
  until grep -q 'Tollgate is running' "$logfile" 2>/dev/null; do
    if ! alive "$pid"; then
      tail -n 40 "$logfile" >&2
      die "$name exited during start-up (log above)"
    fi
    ((SECONDS < deadline)) || die "$name did not start within ${START_TIMEOUT}s, see $logfile"
    printf -v "$var" '%s' "$(merge_stamps "${!var}" "$pid")"
    sleep 1
  done
  printf -v "$var" '%s' "$(merge_stamps "${!var}" "$pid")"
}

# run_in_repo LOG CMD...: CMD in the repository, output into LOG; exec, so that the pid is CMD's
run_in_repo() {
  local out=$1
  shift
  cd "$REPO" && exec "$@" >"$out" 2>&1
}

# start_tollgate_demo PORT SIM_PORT DB_PORT [more ./tollgate run options]: the Tollgate under test,
# with the simulator and the embedded PostgreSQL (data in $DATA); its log is $LOGS/tollgate.log
start_tollgate_demo() {
  local port=$1 sim=$2 db=$3 started=$SECONDS
  shift 3
  decide_skip_build
  TG_REVISION=$(revision)
  JAR_BUILT=$(jar_built)
  log "starting Tollgate --demo on :$port (simulator :$sim, PostgreSQL :$db; build skipped: $TOLLGATE_SKIP_BUILD); log: $LOGS/tollgate.log"
  # The simulator runs on the JDK's HTTP server, which closes every connection that becomes idle
  # while it already has 200 idle ones (sun.net.httpserver.maxIdleConnections). nginx's upstream
  # pool and each Tollgate's HTTP client keep theirs open after a loaded run (a paused Tollgate's
  # too), so the next target measured would lose keep-alive (wrk counts read errors; a relay
  # reconnects per request). The limit is lifted for this JVM (and Payara Micro, which ignores it).
  in_own_group TG_PID run_in_repo "$LOGS/tollgate.log" \
    env JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS:+$JDK_JAVA_OPTIONS }-Dsun.net.httpserver.maxIdleConnections=100000" \
    TOLLGATE_SKIP_BUILD="$TOLLGATE_SKIP_BUILD" ./tollgate run --demo --port "$port" \
    --demo-upstream-port "$sim" --db-port "$db" --data-dir "$DATA" "$@"
  await_started Tollgate "$TG_PID" "$LOGS/tollgate.log" TG_CHILDREN
  [ -n "$(payara_stamps "$TG_CHILDREN")" ] || die "Tollgate is running but its Payara Micro process was not found"
  log "Tollgate is up after $((SECONDS - started))s"
}

# start_tollgate_nostore PORT SIM_PORT DB_PORT [VAR=value...]: the same Tollgate, same simulator,
# accounts and PostgreSQL, but STORAGE_ENABLED=false (or the settings given); its log is
# $LOGS/tollgate-nostore.log. One that journals gets a database of its own (tollgate_second):
# on one database the two writers would wait for each other's transactions, and for those of the
# JVM stopped while the other is measured (seen: 1 s per request, the back-pressure wait).
start_tollgate_nostore() {
  local port=$1 sim=$2 db=$3 database=tollgate
  shift 3
  local settings=("${@:-STORAGE_ENABLED=false}")
  if [[ " ${settings[*]} " != *" STORAGE_ENABLED=false "* ]]; then
    database=tollgate_second
    java -cp "$(find "$REPO/tollgate-cli/target/lib" -name 'postgresql-*.jar' | head -n 1)" \
      "$BENCH_DIR/CreateDatabase.java" "$db" "$database" || die "database $database not created"
  fi
  log "starting a second Tollgate with ${settings[*]} on :$port (database $database); log: $LOGS/tollgate-nostore.log"
  in_own_group NS_PID run_in_repo "$LOGS/tollgate-nostore.log" \
    env TOLLGATE_SKIP_BUILD=true "${settings[@]}" CLAUDE_API_BASE_URL="http://127.0.0.1:$sim" \
    CREDENTIALS_DIR="$DATA/demo-credentials" DATABASE_URL="postgresql://postgres@localhost:$db/$database" \
    TOLLGATE_JOURNAL_SPILL_DIR="$DATA/nostore-spill" ./tollgate run --port "$port" --data-dir "$DATA/nostore"
  await_started "the second Tollgate" "$NS_PID" "$LOGS/tollgate-nostore.log" NS_CHILDREN
  [ -n "$(payara_stamps "$NS_CHILDREN")" ] || die "the second Tollgate runs but its Payara Micro process was not found"
}

# start_nginx PORT SIM_PORT [WORKER_CONNECTIONS]: a plain reverse proxy in front of the simulator
start_nginx() { start_nginx_routes "${3:-4096}" "$1=$2"; }

# nginx_route PORT BACKEND[,BACKEND...]: the upstream (round robin over the backends, ports on
# 127.0.0.1, with a keep-alive pool) and the server listening on PORT that proxies to it
nginx_route() {
  local backend
  echo "    upstream port$1 {"
  for backend in ${2//,/ }; do echo "        server 127.0.0.1:$backend;"; done
  cat <<EOF
        keepalive 256;
    }
    server {
        listen 127.0.0.1:$1 backlog=4096;
        location / {
            proxy_pass http://port$1;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;            # relay SSE events as they come
            proxy_request_buffering off;
            proxy_read_timeout 60s;
        }
    }
EOF
}

# start_nginx_routes WORKER_CONNECTIONS PORT=BACKEND[,BACKEND...]...: one nginx with a route (see
# nginx_route) per argument: a plain reverse proxy in front of the simulator, or a load balancer
start_nginx_routes() {
  local conns=$1 route
  shift
  NGINX_BIN=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
  mkdir -p "$NGX/logs"
  chmod 755 "$WORK" "$NGX"   # nginx workers run as an unprivileged user when started as root
  cat >"$NGX/nginx.conf" <<EOF
# generated by bench/lib.sh: plain reverse proxies (the baseline), or load balancers
worker_processes auto;
worker_rlimit_nofile $((conns * 2 + 1024));
pid $NGX/nginx.pid;
error_log $NGX/logs/error.log warn;
events { worker_connections $conns; }
http {
    access_log off;
    client_body_temp_path $NGX/client_body;
    proxy_temp_path $NGX/proxy;
    fastcgi_temp_path $NGX/fastcgi;
    uwsgi_temp_path $NGX/uwsgi;
    scgi_temp_path $NGX/scgi;
    keepalive_requests 1000000;
$(for route in "$@"; do nginx_route "${route%%=*}" "${route#*=}"; done)
}
EOF
  "$NGINX_BIN" -t -q -p "$NGX" -e "$NGX/logs/error.log" -c "$NGX/nginx.conf" >"$LOGS/nginx-t.log" 2>&1 \
    || { cat "$LOGS/nginx-t.log" >&2; die "nginx rejected its configuration"; }
  in_own_group NGINX_PID run_in_repo "$LOGS/nginx.log" \
    "$NGINX_BIN" -p "$NGX" -e "$NGX/logs/error.log" -c "$NGX/nginx.conf" -g 'daemon off;'
}

DEMO_KEY=cnp_test_tollgate_demo_client_key
MESSAGES=(-X POST -H "x-api-key: $DEMO_KEY" -H 'anthropic-version: 2023-06-01'
  -H 'content-type: application/json'
  -d '{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}')
check_target() { # name port: one request must answer 200
  local name=$1 port=$2 i code=000
  for ((i = 0; i < 40; i++)); do
    code=$(curl -s -o "$LOGS/check-$name.json" -w '%{http_code}' --max-time 10 "${MESSAGES[@]}" \
      "http://127.0.0.1:$port/v1/messages" || true)
    [ "$code" = 200 ] && return 0
    sleep 0.5
  done
  cat "$LOGS/check-$name.json" >&2 2>/dev/null || true
  die "$name (:$port) answered $code instead of 200"
}

# ---------------------------------------------------------------- measuring
declare -A R   # R[<label>.<target>.<metric>]

# wrk_run label target port conns threads seconds [script path]: runs wrk (default: messages.lua
# against /v1/messages), keeps its report, parses the BENCH line into R
wrk_run() {
  local label=$1 target=$2 port=$3 conns=$4 threads=$5 seconds=$6 script=${7:-messages.lua} path=${8:-/v1/messages} out line kv
  out="$LOGS/wrk-$label-$target.txt"
  run_waiting "$out" timeout $((seconds + 60)) "${LOADGEN[@]}" wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 10s \
    --latency -s "$BENCH_DIR/$script" "http://127.0.0.1:$port$path" \
    || die "wrk against $target failed, see $out"
  line=$(grep '^BENCH ' "$out" | tail -n 1)
  [ -n "$line" ] || die "no summary from wrk in $out"
  for kv in ${line#BENCH }; do
    R[$label.$target.${kv%%=*}]=${kv#*=}
  done
  log "$label $target: ${R[$label.$target.rps]} req/s, p50 ${R[$label.$target.p50_us]} us, p99 ${R[$label.$target.p99_us]} us, non-2xx ${R[$label.$target.non2xx]}"
}

# journal_count DB_PORT: "JOURNAL rows=N non200=M streaming=S" once the count stops moving (the
# writer flushes every 50 ms), or nothing
journal_count() {
  local pg_jar previous="" journal="" i
  pg_jar=$(find "$REPO/tollgate-cli/target/lib" -name 'postgresql-*.jar' 2>/dev/null | head -n 1)
  [ -n "$pg_jar" ] || return 0
  for ((i = 0; i < 10; i++)); do
    journal=$(timeout 60 java -cp "$pg_jar" "$BENCH_DIR/JournalCount.java" "$1" 2>>"$LOGS/journal-count.log" \
      | grep '^JOURNAL ' || true)
    [ -n "$journal" ] && [ "$journal" = "$previous" ] && break
    previous=$journal
    sleep 2
  done
  echo "$journal"
}

# numbers: median / min / max of the arguments (empty ones ignored), "" when there are none
median() { printf '%s\n' "$@" | awk 'NF' | sort -g | awk '{ a[++n] = $1 } END { if (!n) exit; if (n % 2) print a[(n + 1) / 2]; else print (a[n / 2] + a[n / 2 + 1]) / 2 }'; }
minimum() { printf '%s\n' "$@" | awk 'NF { if (!n++ || $1 < m) m = $1 } END { if (n) print m }'; }
maximum() { printf '%s\n' "$@" | awk 'NF { if (!n++ || $1 > m) m = $1 } END { if (n) print m }'; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

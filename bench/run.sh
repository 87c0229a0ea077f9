#!/usr/bin/env bash
# bench/run.sh: Tollgate against nginx and against no proxy at all, in one run.
#
# Starts `./tollgate run --demo` (Tollgate on Payara Micro, the upstream simulator, an embedded
# PostgreSQL) and an nginx reverse proxy in front of the same simulator, warms Tollgate's JIT, then
# measures with wrk (non-streaming requests/s and p50/p99 at c=1 and c=64) and with bench/ttfe.py
# (time to the first SSE event), each scenario against the simulator directly, through nginx and
# through Tollgate, one right after the other. Figures on a shared machine are noisy: compare the
# ratios, which are taken within the same run.
#
# Everything listens on 127.0.0.1 and everything started here is stopped on exit (also on Ctrl+C).
#
# Settings (environment):
#   BENCH_WARMUP_SECONDS=60     Tollgate warm-up under load before measuring (2-3 min for stable JIT)
#   BENCH_DURATION_SECONDS=20   each wrk measurement
#   BENCH_CONNECTIONS=64        connections of the loaded scenario (wrk -c), BENCH_THREADS=2 (wrk -t)
#   BENCH_STREAM_REQUESTS=50    sequential streaming requests per target
#   BENCH_TOLLGATE_PORT=3300 BENCH_SIM_PORT=8389 BENCH_DB_PORT=15532 BENCH_NGINX_PORT=8390
#   BENCH_NOSTORE_PORT=3301     a second Tollgate with STORAGE_ENABLED=false: the journal's cost
#   BENCH_START_TIMEOUT_SECONDS=900   for Tollgate to start (includes a first build)
#   BENCH_OUT_DIR               where logs and the results go (default: a new /tmp/tollgate-bench.*)
#   TOLLGATE_SKIP_BUILD         default: true when the jars in tollgate-cli/target exist, else the
#                               ./tollgate script builds them
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"

WARMUP=${BENCH_WARMUP_SECONDS:-60}
DURATION=${BENCH_DURATION_SECONDS:-20}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
STREAM_N=${BENCH_STREAM_REQUESTS:-50}
TG_PORT=${BENCH_TOLLGATE_PORT:-3300}
SIM_PORT=${BENCH_SIM_PORT:-8389}
DB_PORT=${BENCH_DB_PORT:-15532}
NGINX_PORT=${BENCH_NGINX_PORT:-8390}
NS_PORT=${BENCH_NOSTORE_PORT:-3301}
START_TIMEOUT=${BENCH_START_TIMEOUT_SECONDS:-900}

exec {LOG_FD}>&2   # progress messages go here even while a command's output is redirected
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&"$LOG_FD"; }
die() { log "ERROR: $*"; exit 1; }

for v in WARMUP DURATION CONNS THREADS STREAM_N TG_PORT SIM_PORT DB_PORT NGINX_PORT START_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, got '${!v}'"
done
(( DURATION >= 1 && CONNS >= THREADS && THREADS >= 1 && STREAM_N >= 1 )) \
  || die "need BENCH_DURATION_SECONDS >= 1, BENCH_CONNECTIONS >= BENCH_THREADS >= 1, BENCH_STREAM_REQUESTS >= 1"

WORK=${BENCH_OUT_DIR:-$(mktemp -d /tmp/tollgate-bench.XXXXXX)}
mkdir -p "$WORK"
LOGS="$WORK/logs"
mkdir -p "$LOGS"
DATA="$WORK/data"          # embedded PostgreSQL and demo credentials: removed at the end
NGX="$WORK/nginx"          # nginx prefix: config, pid, temp files; removed at the end
for d in "$DATA" "$NGX"; do
  [ -e "$d" ] && die "$d exists (left from an earlier run?): remove it or choose another BENCH_OUT_DIR"
done

# ---------------------------------------------------------------- cleanup (runs on every exit)
TG_PID=""            # the Tollgate command's JVM (./tollgate execs java)
NS_PID=""            # the second Tollgate, with STORAGE_ENABLED=false, and its children
NS_CHILDREN=""
TG_CHILDREN=""       # its child processes (Payara Micro) as pid:start-time, recorded while it starts
NGINX_PID=""         # nginx master (runs with daemon off)
CURRENT_PID=""       # the wrk or ttfe.py being waited for
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

# "pid:start-time", so that a process is only ever killed if it is still the one recorded
stamp() { local st; st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}') && [ -n "$st" ] && echo "$1:$st"; return 0; }
stamps_of_descendants() { local pid; for pid in $(descendants "$1"); do stamp "$pid"; done; }
still() { [ -n "$1" ] && [ "$(stamp "${1%%:*}")" = "$1" ]; }

# the postmaster of our embedded database, from its pid file, only if it is still that postgres
postmaster_pid() {
  local file="$DATA/postgres/postmaster.pid" pid
  [ -f "$file" ] || return 0
  pid=$(head -n 1 "$file" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" && grep -q postgres "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
  return 0
}

cleanup() {
  [ -n "$CLEANED" ] && return 0
  CLEANED=1
  trap '' INT TERM HUP   # a second Ctrl+C must not cut the clean-up short
  set +e
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
    ns_children="$NS_CHILDREN $(stamps_of_descendants "$NS_PID")"
    if alive "$NS_PID"; then
      log "stopping the Tollgate without storage (pid $NS_PID)"
      kill -TERM "$NS_PID" 2>/dev/null
      await_exit "$NS_PID" 60 || kill -KILL "$NS_PID" 2>/dev/null
    fi
    for ns_pid in $(echo "$ns_children" | tr ' ' '\n' | sort -u); do
      if still "$ns_pid" && ! await_exit "${ns_pid%%:*}" 10 && still "$ns_pid"; then
        kill -KILL "${ns_pid%%:*}" 2>/dev/null
      fi
    done
  fi
  if [ -n "$TG_PID" ]; then
    local pg children pid
    pg=$(postmaster_pid)
    children="$TG_CHILDREN $(stamps_of_descendants "$TG_PID")"
    if alive "$TG_PID"; then
      log "stopping Tollgate (pid $TG_PID; it stops Payara Micro, the simulator and PostgreSQL)"
      kill -TERM "$TG_PID" 2>/dev/null
      if ! await_exit "$TG_PID" 120; then
        log "Tollgate did not stop within 120 s: killing it"
        kill -KILL "$TG_PID" 2>/dev/null
      fi
    fi
    for pid in $(echo "$children" | tr ' ' '\n' | sort -u); do
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
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM HUP

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
ensure_packages() {
  local missing=() pkg
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
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

# ---------------------------------------------------------------- machine
machine_info() {
  echo "Date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "Machine:  $(nproc) cores ($(nproc --all) online), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "Memory:   $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "Kernel:   $(uname -sr)"
  echo "Java:     $(java -version 2>&1 | head -n 1) / $(java -version 2>&1 | sed -n 3p)"
  echo "nginx:    $(nginx -v 2>&1 | sed 's/^nginx version: //'), wrk: $(wrk -v 2>&1 | head -n 1 | awk '{print $2}')"
  echo "Tollgate: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)'), command jar built $(date -u -r "$REPO/tollgate-cli/target/tollgate-cli.jar" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo '?')"
  echo "Settings: warm-up ${WARMUP}s, ${DURATION}s per wrk run, c=1 (t1) and c=${CONNS} (t${THREADS}), ${STREAM_N} streams per target"
}

# ---------------------------------------------------------------- start
ensure_packages
NGINX_BIN=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
command -v python3 >/dev/null 2>&1 || die "python3 is needed for bench/ttfe.py"
command -v java >/dev/null 2>&1 || die "Java 17+ is needed"

for p in "$TG_PORT" "$NS_PORT" "$SIM_PORT" "$DB_PORT" "$NGINX_PORT"; do
  port_in_use "$p" && die "port $p is in use on 127.0.0.1; choose others (BENCH_*_PORT)"
done

if [ -z "${TOLLGATE_SKIP_BUILD:-}" ]; then
  TOLLGATE_SKIP_BUILD=false
  rt="$REPO/tollgate-cli/target/runtime"
  if [ -f "$REPO/tollgate-cli/target/tollgate-cli.jar" ] && [ -f "$rt/payara-micro.jar" ] \
      && [ -f "$rt/proxy-web.war" ] && [ -f "$rt/dashboard-war.war" ]; then
    TOLLGATE_SKIP_BUILD=true  # benchmark what is built; a fresh clone gets built by ./tollgate
  fi
fi

log "starting Tollgate --demo on :$TG_PORT (simulator :$SIM_PORT, PostgreSQL :$DB_PORT; build skipped: $TOLLGATE_SKIP_BUILD); log: $LOGS/tollgate.log"
(cd "$REPO" && TOLLGATE_SKIP_BUILD=$TOLLGATE_SKIP_BUILD exec ./tollgate run --demo --port "$TG_PORT" \
  --demo-upstream-port "$SIM_PORT" --db-port "$DB_PORT" --data-dir "$DATA") >"$LOGS/tollgate.log" 2>&1 &
TG_PID=$!
deadline=$((SECONDS + START_TIMEOUT))
until grep -q 'Tollgate is running' "$LOGS/tollgate.log" 2>/dev/null; do
  if ! alive "$TG_PID"; then
    tail -n 40 "$LOGS/tollgate.log" >&2
    die "Tollgate exited during start-up (log above)"
  fi
  ((SECONDS < deadline)) || die "Tollgate did not start within ${START_TIMEOUT}s, see $LOGS/tollgate.log"
  TG_CHILDREN="$(echo "$TG_CHILDREN" $(stamps_of_descendants "$TG_PID") | tr ' ' '\n' | sort -u | tr '\n' ' ')"
  sleep 1
done
TG_CHILDREN="$(echo "$TG_CHILDREN" $(stamps_of_descendants "$TG_PID") | tr ' ' '\n' | sort -u | tr '\n' ' ')"
log "Tollgate is up after ${SECONDS}s"

# The same Tollgate, same simulator and accounts, but STORAGE_ENABLED=false: what the journal costs.
log "starting a second Tollgate without storage on :$NS_PORT; log: $LOGS/tollgate-nostore.log"
(cd "$REPO" && TOLLGATE_SKIP_BUILD=true STORAGE_ENABLED=false CLAUDE_API_BASE_URL="http://127.0.0.1:$SIM_PORT" \
  CREDENTIALS_DIR="$DATA/demo-credentials" DATABASE_URL="postgresql://postgres@localhost:$DB_PORT/tollgate" \
  TOLLGATE_JOURNAL_SPILL_DIR="$DATA/nostore-spill" exec ./tollgate run --port "$NS_PORT" --data-dir "$DATA/nostore") \
  >"$LOGS/tollgate-nostore.log" 2>&1 &
NS_PID=$!
deadline=$((SECONDS + START_TIMEOUT))
until grep -q 'Tollgate is running' "$LOGS/tollgate-nostore.log" 2>/dev/null; do
  alive "$NS_PID" || { tail -n 40 "$LOGS/tollgate-nostore.log" >&2; die "the Tollgate without storage exited during start-up"; }
  ((SECONDS < deadline)) || die "the Tollgate without storage did not start within ${START_TIMEOUT}s"
  NS_CHILDREN="$(echo "$NS_CHILDREN" $(stamps_of_descendants "$NS_PID") | tr ' ' '\n' | sort -u | tr '\n' ' ')"
  sleep 1
done
NS_CHILDREN="$(echo "$NS_CHILDREN" $(stamps_of_descendants "$NS_PID") | tr ' ' '\n' | sort -u | tr '\n' ' ')"

mkdir -p "$NGX/logs"
chmod 755 "$WORK" "$NGX"   # nginx workers run as an unprivileged user when started as root
cat >"$NGX/nginx.conf" <<EOF
# generated by bench/run.sh: a plain reverse proxy in front of the simulator, the baseline
worker_processes auto;
pid $NGX/nginx.pid;
error_log $NGX/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $NGX/client_body;
    proxy_temp_path $NGX/proxy;
    fastcgi_temp_path $NGX/fastcgi;
    uwsgi_temp_path $NGX/uwsgi;
    scgi_temp_path $NGX/scgi;
    keepalive_requests 1000000;
    upstream simulator {
        server 127.0.0.1:$SIM_PORT;
        keepalive 256;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://simulator;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;            # relay SSE events as they come
            proxy_request_buffering off;
            proxy_read_timeout 60s;
        }
    }
}
EOF
"$NGINX_BIN" -t -q -p "$NGX" -e "$NGX/logs/error.log" -c "$NGX/nginx.conf" >"$LOGS/nginx-t.log" 2>&1 \
  || { cat "$LOGS/nginx-t.log" >&2; die "nginx rejected its configuration"; }
"$NGINX_BIN" -p "$NGX" -e "$NGX/logs/error.log" -c "$NGX/nginx.conf" -g 'daemon off;' >"$LOGS/nginx.log" 2>&1 &
NGINX_PID=$!

MESSAGES=(-X POST -H 'x-api-key: cnp_test_tollgate_demo_client_key' -H 'anthropic-version: 2023-06-01'
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
check_target direct "$SIM_PORT"
check_target nginx "$NGINX_PORT"
check_target tollgate "$TG_PORT"
check_target nostore "$NS_PORT"
log "all three answer 200"

# ---------------------------------------------------------------- measure
declare -A R   # R[<scenario>.<target>.<metric>]

# wrk_run label target port conns threads seconds [script path]: runs wrk (default: messages.lua
# against /v1/messages), keeps its report, parses the BENCH line
wrk_run() {
  local label=$1 target=$2 port=$3 conns=$4 threads=$5 seconds=$6 script=${7:-messages.lua} path=${8:-/v1/messages} out line kv
  out="$LOGS/wrk-$label-$target.txt"
  run_waiting "$out" timeout $((seconds + 60)) wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 10s \
    --latency -s "$BENCH_DIR/$script" "http://127.0.0.1:$port$path" \
    || die "wrk against $target failed, see $out"
  line=$(grep '^BENCH ' "$out" | tail -n 1)
  [ -n "$line" ] || die "no summary from wrk in $out"
  for kv in ${line#BENCH }; do
    R[$label.$target.${kv%%=*}]=${kv#*=}
  done
  log "$label $target: ${R[$label.$target.rps]} req/s, p50 ${R[$label.$target.p50_us]} us, p99 ${R[$label.$target.p99_us]} us, non-2xx ${R[$label.$target.non2xx]}"
}

log "warming up (${WARMUP}s of c=$CONNS against Tollgate, a few seconds against the others)"
if ((WARMUP > 0)); then
  run_waiting "$LOGS/warmup-streams.txt" timeout 300 python3 "$BENCH_DIR/ttfe.py" \
    --target tollgate="127.0.0.1:$TG_PORT" --warmup 0 --requests 20 || true
  wrk_run warmup tollgate "$TG_PORT" "$CONNS" "$THREADS" "$WARMUP"
  wrk_run warmup nostore "$NS_PORT" "$CONNS" "$THREADS" "$WARMUP"
fi
wrk_run warmup direct "$SIM_PORT" "$CONNS" "$THREADS" 3
wrk_run warmup nginx "$NGINX_PORT" "$CONNS" "$THREADS" 3

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for target in direct nginx tollgate; do
  case $target in direct) port=$SIM_PORT ;; nginx) port=$NGINX_PORT ;; tollgate) port=$TG_PORT ;; esac
  wrk_run c1 "$target" "$port" 1 1 "$DURATION"
done
for target in direct nginx tollgate nostore; do
  case $target in direct) port=$SIM_PORT ;; nginx) port=$NGINX_PORT ;; tollgate) port=$TG_PORT ;; nostore) port=$NS_PORT ;; esac
  wrk_run cN "$target" "$port" "$CONNS" "$THREADS" "$DURATION"
done
# the same request through the OpenAI-compatible endpoint: translation both ways on top of the relay
wrk_run cN openai "$TG_PORT" "$CONNS" "$THREADS" "$DURATION" chat.lua /openai/v1/chat/completions

log "streams: $STREAM_N per target, round robin (first event after 0 ms, 5 text events 20 ms apart)"
OUT2="$LOGS/ttfe-errors.txt" run_waiting "$LOGS/ttfe.txt" timeout $((STREAM_N * 3 * 10 + 120)) \
  python3 "$BENCH_DIR/ttfe.py" --requests "$STREAM_N" --warmup 5 \
  --first-event-delay-ms 0 --event-gap-ms 20 --text-events 5 \
  --target direct="127.0.0.1:$SIM_PORT" --target nginx="127.0.0.1:$NGINX_PORT" --target tollgate="127.0.0.1:$TG_PORT" \
  || die "ttfe.py failed, see $LOGS/ttfe-errors.txt"
while read -r line; do
  target=$(sed 's/.*name=\([a-z]*\).*/\1/' <<<"$line")
  for kv in ${line#TTFE }; do
    R[stream.$target.${kv%%=*}]=${kv#*=}
  done
done < <(grep '^TTFE ' "$LOGS/ttfe.txt")
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
alive "$TG_PID" || die "Tollgate is gone after the measurements, see $LOGS/tollgate.log"

# Did the journal keep up? Rows in api_requests against the requests Tollgate answered (wrk does
# not count the requests in flight when it stops, so a few more rows than that are normal).
num() { local v=${R[$1]:-0}; echo "${v%%.*}"; }
SENT=$(( 1 + $(num warmup.tollgate.requests) + $(num c1.tollgate.requests) + $(num cN.tollgate.requests) \
  + $(num cN.openai.requests) + $(num stream.tollgate.n) + $(num stream.tollgate.errors) + 5 ))
((WARMUP > 0)) && SENT=$((SENT + 20))
JOURNAL=""
pg_jar=$(ls "$REPO"/tollgate-cli/target/lib/postgresql-*.jar 2>/dev/null | head -n 1 || true)
if [ -n "$pg_jar" ]; then
  previous=""
  for ((i = 0; i < 10; i++)); do   # until the count stops moving (the writer flushes every 50 ms)
    JOURNAL=$(timeout 60 java -cp "$pg_jar" "$BENCH_DIR/JournalCount.java" "$DB_PORT" 2>>"$LOGS/journal-count.log" \
      | grep '^JOURNAL ' || true)
    [ -n "$JOURNAL" ] && [ "$JOURNAL" = "$previous" ] && break
    previous=$JOURNAL
    sleep 2
  done
fi

# ---------------------------------------------------------------- report
get() { echo "${R[$1]:-}"; }
get0() { echo "${R[$1]:-0}"; }
us2ms() { [ -n "$1" ] && awk -v v="$1" 'BEGIN { printf "%.2f", v / 1000 }' || echo "-"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2fx", a / b }'; }
row() { # label direct nginx tollgate
  printf '%-30s %10s %10s %10s %15s %16s\n' "$1" "${2:--}" "${3:--}" "${4:--}" "$(ratio "$4" "$3")" "$(ratio "$4" "$2")"
}
wrk_rows() { # scenario title
  local s=$1 t=$2
  row "$t req/s" "$(get "$s.direct.rps" | cut -d. -f1)" "$(get "$s.nginx.rps" | cut -d. -f1)" "$(get "$s.tollgate.rps" | cut -d. -f1)"
  row "$t p50 ms" "$(us2ms "$(get "$s.direct.p50_us")")" "$(us2ms "$(get "$s.nginx.p50_us")")" "$(us2ms "$(get "$s.tollgate.p50_us")")"
  row "$t p99 ms" "$(us2ms "$(get "$s.direct.p99_us")")" "$(us2ms "$(get "$s.nginx.p99_us")")" "$(us2ms "$(get "$s.tollgate.p99_us")")"
}
errors_of() { # scenario target
  local s=$1 t=$2
  [ -n "$(get "$s.$t.requests")" ] || { echo "-"; return 0; }
  echo "$(get "$s.$t.non2xx") non-2xx, $(( $(get0 "$s.$t.connect") + $(get0 "$s.$t.read") + $(get0 "$s.$t.write") + $(get0 "$s.$t.timeout") )) socket errors/timeouts of $(get "$s.$t.requests")"
}
added() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") print "n/a"; else printf "%+.2f ms", a - b }'; }

report() {
  echo "== Tollgate benchmark =="
  machine_info
  echo "Load:     $LOAD_BEFORE before the measurements, $LOAD_AFTER after (1/5/15 min)"
  echo
  printf '%-30s %10s %10s %10s %15s %16s\n' "Scenario" "direct" "nginx" "Tollgate" "Tollgate/nginx" "Tollgate/direct"
  wrk_rows c1 "non-stream c=1"
  wrk_rows cN "non-stream c=$CONNS"
  row "stream TTFE p50 ms" "$(get stream.direct.p50_ms)" "$(get stream.nginx.p50_ms)" "$(get stream.tollgate.p50_ms)"
  row "stream TTFE p95 ms" "$(get stream.direct.p95_ms)" "$(get stream.nginx.p95_ms)" "$(get stream.tollgate.p95_ms)"
  row "stream whole p50 ms" "$(get stream.direct.total_p50_ms)" "$(get stream.nginx.total_p50_ms)" "$(get stream.tollgate.total_p50_ms)"
  echo
  echo
  printf '%-30s %10s %10s %15s\n' "Journal cost, c=$CONNS" "storage on" "off" "on/off"
  printf '%-30s %10s %10s %15s\n' "req/s" "$(get cN.tollgate.rps | cut -d. -f1)" "$(get cN.nostore.rps | cut -d. -f1)" "$(ratio "$(get cN.tollgate.rps)" "$(get cN.nostore.rps)")"
  printf '%-30s %10s %10s %15s\n' "p50 ms" "$(us2ms "$(get cN.tollgate.p50_us)")" "$(us2ms "$(get cN.nostore.p50_us)")" "$(ratio "$(get cN.tollgate.p50_us)" "$(get cN.nostore.p50_us)")"
  printf '%-30s %10s %10s %15s\n' "p99 ms" "$(us2ms "$(get cN.tollgate.p99_us)")" "$(us2ms "$(get cN.nostore.p99_us)")" "$(ratio "$(get cN.tollgate.p99_us)" "$(get cN.nostore.p99_us)")"
  echo
  printf '%-30s %10s %10s %15s\n' "OpenAI endpoint, c=$CONNS" "native" "OpenAI" "OpenAI/native"
  printf '%-30s %10s %10s %15s\n' "req/s" "$(get cN.tollgate.rps | cut -d. -f1)" "$(get cN.openai.rps | cut -d. -f1)" "$(ratio "$(get cN.openai.rps)" "$(get cN.tollgate.rps)")"
  printf '%-30s %10s %10s %15s\n' "p50 ms" "$(us2ms "$(get cN.tollgate.p50_us)")" "$(us2ms "$(get cN.openai.p50_us)")" "$(ratio "$(get cN.openai.p50_us)" "$(get cN.tollgate.p50_us)")"
  printf '%-30s %10s %10s %15s\n' "p99 ms" "$(us2ms "$(get cN.tollgate.p99_us)")" "$(us2ms "$(get cN.openai.p99_us)")" "$(ratio "$(get cN.openai.p99_us)" "$(get cN.tollgate.p99_us)")"
  echo
  echo "req/s: higher is better (ratio < 1 = Tollgate slower); latencies: lower is better (ratio > 1 = Tollgate slower)."
  echo "Added time to first event, Tollgate - direct: p50 $(added "$(get stream.tollgate.p50_ms)" "$(get stream.direct.p50_ms)"), p95 $(added "$(get stream.tollgate.p95_ms)" "$(get stream.direct.p95_ms)")"
  echo "                           nginx - direct:    p50 $(added "$(get stream.nginx.p50_ms)" "$(get stream.direct.p50_ms)"), p95 $(added "$(get stream.nginx.p95_ms)" "$(get stream.direct.p95_ms)")"
  echo "Events per stream (median): direct $(get stream.direct.events), nginx $(get stream.nginx.events), Tollgate $(get stream.tollgate.events); a whole stream takes as long through a proxy as direct when events are relayed as they come"
  echo
  echo "Errors:"
  local t
  for t in direct nginx tollgate; do
    echo "  $t: c=1 $(errors_of c1 $t); c=$CONNS $(errors_of cN $t); streams $(get0 stream.$t.errors) failed of $(( $(get0 stream.$t.n) + $(get0 stream.$t.errors) ))"
  done
  echo "  Tollgate warm-up: $(errors_of warmup tollgate)"
  echo "  Tollgate OpenAI endpoint: c=$CONNS $(errors_of cN openai)"
  if [ -n "$JOURNAL" ]; then
    echo "  Tollgate journal: ${JOURNAL#JOURNAL } in api_requests, for $SENT requests it answered"
  else
    echo "  Tollgate journal: not counted (see $LOGS/journal-count.log), for $SENT requests it answered"
  fi
  if grep -qiE 'SEVERE|Exception' "$LOGS/tollgate.log"; then
    echo "  Tollgate log: $(grep -ciE 'SEVERE' "$LOGS/tollgate.log") SEVERE lines, $(grep -ciE 'Exception' "$LOGS/tollgate.log") lines mentioning an exception (see $LOGS/tollgate.log)"
  fi
}
report | tee "$WORK/results.txt"
log "results: $WORK/results.txt (wrk reports in $LOGS)"

#!/usr/bin/env bash
# bench/inflight.sh: what the journal's in-flight log (ADR 0008: every record written to
# <spill dir>/in-flight before the client is answered, so that kill -9 loses none) costs a request.
#
# bench/run.sh cannot show it: the log's work is a few microseconds against a request's ~1.3 ms of
# CPU, below the spread between rounds (and a Tollgate that spills during a run is slower for
# reasons of its own; docs/performance.md, 2026-12-07). So this measures the log itself, on the
# engine's classes: microseconds per record for encoding the record's frame alone (the baseline)
# and for the log's whole work (encode, write, done), on 1 and 64 threads, for the bench's small
# request and a Claude Code sized one (76 KB). Takes 10-30 s; needs no database or Tollgate.
#
# Settings (environment):
#   BENCH_INFLIGHT_RECORDS=200000   records per small measurement (a twentieth for the large one)
#   BENCH_INFLIGHT_DIR              where the log is written (default: a new directory in /tmp;
#                                   point it at the disk the spill directory lives on)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RECORDS=${BENCH_INFLIGHT_RECORDS:-200000}
[[ $RECORDS =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_INFLIGHT_RECORDS must be a positive number" >&2; exit 2; }
CLASSES="$REPO/proxy-ejb/target/classes"
if [ ! -f "$CLASSES/dev/tollgate/journal/control/InFlightLog.class" ]; then
  (cd "$REPO" && ./mvnw -B -ntp -q -pl proxy-ejb -am compile)
fi
OUT=$(mktemp -d /tmp/tollgate-inflight.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
javac -d "$OUT" -cp "$CLASSES" "$REPO/bench/InFlightLogCost.java"
echo "in-flight log cost, $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
java ${BENCH_INFLIGHT_DIR:+-Djava.io.tmpdir="$BENCH_INFLIGHT_DIR"} -cp "$OUT:$CLASSES" \
  dev.tollgate.journal.control.InFlightLogCost "$RECORDS"

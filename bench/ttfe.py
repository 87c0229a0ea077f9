#!/usr/bin/env python3
"""Time to first SSE event, for bench/run.sh (standard library only).

Sends sequential streaming POST /v1/messages requests to each target in turn (round robin, so that
noise from other work on the machine is spread evenly over the targets), on one keep-alive
connection per target, and times from just before the request is written to the arrival of the
first line that starts with "event:". Also times the whole stream, which shows whether events are
relayed as they come or held back until the end.

    python3 bench/ttfe.py --target direct=127.0.0.1:8389 --target tollgate=127.0.0.1:3300

Prints one line per target:
    TTFE name=direct n=50 errors=0 p50_ms=0.84 p95_ms=1.20 total_p50_ms=101.9 events=10
"""

import argparse
import http.client
import json
import math
import sys
import time

BODY = json.dumps(
    {
        "model": "claude-sonnet-4-5",
        "max_tokens": 64,
        "stream": True,
        "messages": [{"role": "user", "content": "Hello"}],
    }
).encode()


class StreamFailure(Exception):
    pass


class Target:
    def __init__(self, name, address, timeout):
        self.name = name
        host, _, port = address.rpartition(":")
        self.host, self.port = host, int(port)
        self.timeout = timeout
        self.conn = None
        self.ttfe_ms = []
        self.total_ms = []
        self.events = []
        self.errors = []

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def once(self, headers):
        """One streaming request: (ms to first event, ms to end of stream, events seen)."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.connect()  # keep connection set-up out of the first timing
        try:
            start = time.perf_counter()
            self.conn.request("POST", "/v1/messages", body=BODY, headers=headers)
            response = self.conn.getresponse()
            if response.status != 200:
                body = response.read()[:300]
                raise StreamFailure("HTTP %d: %r" % (response.status, body))
            first = None
            events = 0
            while True:
                line = response.readline()
                if not line:
                    break
                if line.startswith(b"event:"):
                    if first is None:
                        first = time.perf_counter()
                    events += 1
            end = time.perf_counter()
            if response.will_close:
                self.close()
            if first is None:
                raise StreamFailure("the stream ended without an event")
            return (first - start) * 1000.0, (end - start) * 1000.0, events
        except Exception:
            self.close()
            raise


def percentile(values, p):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", action="append", required=True, help="name=host:port (repeatable)")
    parser.add_argument("--requests", type=int, default=50, help="measured requests per target")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured requests per target first")
    parser.add_argument("--first-event-delay-ms", type=int, default=0)
    parser.add_argument("--event-gap-ms", type=int, default=20)
    parser.add_argument("--text-events", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=30.0, help="socket timeout per request, seconds")
    args = parser.parse_args()

    headers = {
        "x-api-key": "cnp_test_tollgate_demo_client_key",
        "anthropic-version": "2023-06-01",
        "content-type": "application/json",
        "accept": "text/event-stream",
        "x-sim-first-event-delay-ms": str(args.first_event_delay_ms),
        "x-sim-event-gap-ms": str(args.event_gap_ms),
        "x-sim-text-events": str(args.text_events),
    }
    targets = []
    for spec in args.target:
        name, _, address = spec.partition("=")
        targets.append(Target(name, address, args.timeout))

    for i in range(args.warmup + args.requests):
        for target in targets:
            try:
                ttfe, total, events = target.once(headers)
            except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the run
                if i >= args.warmup:
                    target.errors.append("%s: %s" % (type(e).__name__, e))
                continue
            if i >= args.warmup:
                target.ttfe_ms.append(ttfe)
                target.total_ms.append(total)
                target.events.append(events)

    for target in targets:
        target.close()
        for error in target.errors[:3]:
            print("ttfe.py: %s: %s" % (target.name, error), file=sys.stderr)
        if target.ttfe_ms:
            print(
                "TTFE name=%s n=%d errors=%d p50_ms=%.2f p95_ms=%.2f total_p50_ms=%.1f events=%d"
                % (
                    target.name,
                    len(target.ttfe_ms),
                    len(target.errors),
                    percentile(target.ttfe_ms, 50),
                    percentile(target.ttfe_ms, 95),
                    percentile(target.total_ms, 50),
                    percentile(target.events, 50),
                )
            )
        else:
            print("TTFE name=%s n=0 errors=%d" % (target.name, len(target.errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

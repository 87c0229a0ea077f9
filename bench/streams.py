#!/usr/bin/env python3
"""Many concurrent SSE streams, for bench/streams.sh (standard library only: asyncio).

Opens --streams streaming POST /v1/messages requests to one target, started evenly over
--ramp-seconds (one connection each, "Connection: close"), with the simulator scripted by x-sim-*
headers (first event after --first-event-delay-ms, --text-events text deltas --event-gap-ms apart).
Checks every stream: HTTP 200, exactly --expect-events "event:" lines (no frame lost, none
duplicated), and message_stop as the last event. Times, per stream: connect, time to first event
(TTFE, from just before the request is written to the first line starting with "event:"), and the
whole stream.

    python3 bench/streams.py --target tollgate=127.0.0.1:3300 --streams 2000 --expect-events 31

Prints one line (times in ms):
    STREAMS name=tollgate streams=2000 completed=2000 failed=0 short=0 ... ttfe_p50_ms=... peak_open=...
and the first few failures on stderr. --probe runs a single stream and prints its event count only.
"""

import argparse
import asyncio
import collections
import json
import math
import resource
import sys
import time

BODY = json.dumps(
    {
        "model": "claude-sonnet-4-5",
        "max_tokens": 1024,
        "stream": True,
        "messages": [{"role": "user", "content": "Hello"}],
    }
).encode()


class Stream:
    __slots__ = ("start", "connected", "headers", "first", "end", "events", "last_event", "error", "status")

    def __init__(self):
        self.start = self.connected = self.headers = self.first = self.end = None
        self.events = 0
        self.last_event = None
        self.error = None
        self.status = None


class BodyParser:
    """Incremental HTTP body (chunked, or delimited by the close) to SSE "event:" lines."""

    def __init__(self, stream, chunked):
        self.stream = stream
        self.chunked = chunked
        self.raw = bytearray()
        self.lines = bytearray()
        self.need = 0
        self.state = "size"  # size, data, crlf, done
        self.done = False

    def feed(self, data):
        if not self.chunked:
            self._sse(data)
            return
        self.raw += data
        raw = self.raw
        while True:
            if self.state == "size":
                idx = raw.find(b"\r\n")
                if idx < 0:
                    return
                size = int(bytes(raw[:idx]).split(b";")[0].strip() or b"0", 16)
                del raw[: idx + 2]
                if size == 0:
                    self.state = "done"
                    self.done = True
                    return
                self.need = size
                self.state = "data"
            elif self.state == "data":
                if not raw:
                    return
                take = min(self.need, len(raw))
                self._sse(bytes(raw[:take]))
                del raw[:take]
                self.need -= take
                if self.need == 0:
                    self.state = "crlf"
            elif self.state == "crlf":
                if len(raw) < 2:
                    return
                del raw[:2]
                self.state = "size"
            else:
                return

    def _sse(self, data):
        self.lines += data
        if b"\n" not in data:
            return
        lines = self.lines.split(b"\n")
        self.lines = bytearray(lines.pop())
        now = time.perf_counter()
        stream = self.stream
        for line in lines:
            if line.startswith(b"event:"):
                if stream.first is None:
                    stream.first = now
                stream.events += 1
                stream.last_event = line[6:].strip().decode("ascii", "replace")


async def one(stream, host, port, headers, timeout):
    writer = None
    try:
        stream.start = time.perf_counter()
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        request = (
            "POST /v1/messages HTTP/1.1\r\nHost: %s:%d\r\nContent-Length: %d\r\nConnection: close\r\n%s\r\n"
            % (host, port, len(BODY), "".join("%s: %s\r\n" % kv for kv in headers.items()))
        ).encode() + BODY
        stream.connected = time.perf_counter()
        writer.write(request)
        await writer.drain()

        async def body():
            head = await reader.readuntil(b"\r\n\r\n")
            stream.headers = time.perf_counter()
            status_line, _, rest = head.decode("latin-1").partition("\r\n")
            stream.status = int(status_line.split()[1])
            fields = {}
            for field in rest.split("\r\n"):
                name, _, value = field.partition(":")
                fields[name.strip().lower()] = value.strip().lower()
            parser = BodyParser(stream, "chunked" in fields.get("transfer-encoding", ""))
            if stream.status != 200:
                text = await reader.read(300)
                raise RuntimeError("HTTP %d: %r" % (stream.status, text[:200]))
            while not parser.done:
                data = await reader.read(65536)
                if not data:
                    if parser.chunked:
                        raise RuntimeError("connection closed before the end of the chunked body")
                    break
                parser.feed(data)

        await asyncio.wait_for(body(), timeout)
        stream.end = time.perf_counter()
    except Exception as e:  # noqa: BLE001 - every failure is counted and reported
        stream.error = "%s: %s" % (type(e).__name__, e) if str(e) else type(e).__name__
        stream.end = time.perf_counter()
    finally:
        if writer is not None:
            writer.close()


def percentile(values, p):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]


def peak(intervals):
    """Highest number of (begin, end) intervals open at once."""
    edges = [(b, 1) for b, e in intervals] + [(e, -1) for b, e in intervals]
    edges.sort(key=lambda x: (x[0], x[1]))
    now = best = 0
    for _, d in edges:
        now += d
        best = max(best, now)
    return best


async def run(args, headers):
    host, _, port = args.address.rpartition(":")
    port = int(port)
    streams = [Stream() for _ in range(args.streams)]
    t0 = time.perf_counter()
    tasks = []
    for i, stream in enumerate(streams):
        delay = t0 + (args.ramp_seconds * i / args.streams) - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(one(stream, host, port, headers, args.timeout)))
    await asyncio.gather(*tasks)
    return streams, time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", required=True, help="name=host:port")
    parser.add_argument("--streams", type=int, default=2000)
    parser.add_argument("--ramp-seconds", type=float, default=2.0, help="start the streams evenly over this time")
    parser.add_argument("--first-event-delay-ms", type=int, default=2000)
    parser.add_argument("--event-gap-ms", type=int, default=20)
    parser.add_argument("--text-events", type=int, default=25)
    parser.add_argument("--expect-events", type=int, default=0, help="events a complete stream has (0: not checked)")
    parser.add_argument("--timeout", type=float, default=300.0, help="per stream, seconds")
    parser.add_argument("--probe", action="store_true", help="one stream; print PROBE events=N last=NAME")
    args = parser.parse_args()
    args.name, _, args.address = args.target.partition("=")

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = args.streams + 256
    if soft < want:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(want, soft)), hard))
        except (ValueError, OSError):
            pass
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        if soft < want:
            print("streams.py: open files limit %d is below the %d needed (ulimit -n)" % (soft, want), file=sys.stderr)
            return 2

    headers = {
        "x-api-key": "cnp_test_tollgate_demo_client_key",
        "anthropic-version": "2023-06-01",
        "content-type": "application/json",
        "accept": "text/event-stream",
        "x-sim-first-event-delay-ms": str(args.first_event_delay_ms),
        "x-sim-event-gap-ms": str(args.event_gap_ms),
        "x-sim-text-events": str(args.text_events),
    }
    if args.probe:
        args.streams = 1
    streams, wall = asyncio.run(run(args, headers))
    if args.probe:
        s = streams[0]
        if s.error:
            print("streams.py: probe failed: %s" % s.error, file=sys.stderr)
            return 1
        print("PROBE events=%d last=%s" % (s.events, s.last_event))
        return 0

    completed, failed, short = [], [], 0
    errors = collections.Counter()
    examples = []
    for s in streams:
        problem = s.error
        if problem is None and s.last_event != "message_stop":
            problem = "ended after %d events, the last %r instead of message_stop" % (s.events, s.last_event)
        if problem is None and args.expect_events and s.events != args.expect_events:
            problem = "%d events instead of %d" % (s.events, args.expect_events)
        if problem is None:
            completed.append(s)
            continue
        failed.append(s)
        if s.error is None:
            short += 1
        errors[problem.split(":")[0]] += 1
        if len(examples) < 5:
            examples.append(problem)
    for e in examples:
        print("streams.py: %s: %s" % (args.name, e), file=sys.stderr)
    for kind, n in errors.most_common(5):
        print("streams.py: %s: %d x %s" % (args.name, n, kind), file=sys.stderr)

    fields = [
        ("name", args.name),
        ("streams", len(streams)),
        ("completed", len(completed)),
        ("failed", len(failed)),
        ("short", short),
        ("wall_s", "%.1f" % wall),
    ]
    if completed:
        ttfe = [(s.first - s.connected) * 1000 for s in completed]
        whole = [(s.end - s.connected) * 1000 for s in completed]
        connect = [(s.connected - s.start) * 1000 for s in completed]
        fields.append(("ttfe_p0_ms", "%.1f" % min(ttfe)))
        for p in (10, 50, 90, 99):
            fields.append(("ttfe_p%d_ms" % p, "%.1f" % percentile(ttfe, p)))
        fields.append(("ttfe_max_ms", "%.1f" % max(ttfe)))
        fields += [
            ("whole_p50_ms", "%.0f" % percentile(whole, 50)),
            ("whole_p99_ms", "%.0f" % percentile(whole, 99)),
            ("whole_max_ms", "%.0f" % max(whole)),
            ("connect_p99_ms", "%.1f" % percentile(connect, 99)),
            ("headers_p50_ms", "%.1f" % percentile([(s.headers - s.connected) * 1000 for s in completed], 50)),
            ("headers_p99_ms", "%.1f" % percentile([(s.headers - s.connected) * 1000 for s in completed], 99)),
            ("events", percentile([s.events for s in completed], 50)),
        ]
    # how many were open at once: requests sent and not ended; answered (headers in) and not ended
    fields.append(("peak_open", peak([(s.start, s.end) for s in streams if s.end is not None])))
    fields.append(("peak_answered", peak([(s.headers, s.end) for s in streams if s.headers is not None])))
    fields.append(("peak_streaming", peak([(s.first, s.end) for s in streams if s.first is not None])))
    print("STREAMS " + " ".join("%s=%s" % kv for kv in fields))
    return 0


if __name__ == "__main__":
    sys.exit(main())

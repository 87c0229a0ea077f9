package dev.tollgate.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Keeps the most recent API requests for tests to inspect, within fixed bounds: the simulator runs for
 * hours under benchmark load, so the oldest requests are forgotten once there are {@link #CAPACITY} of
 * them or their bodies exceed {@link #BODY_BYTES_BUDGET} together (the newest is always kept).
 */
final class RequestRecorder {

    static final int CAPACITY = 1000;
    static final long BODY_BYTES_BUDGET = 256L * 1024 * 1024;

    private final Deque<RecordedRequest> recent = new ArrayDeque<>(CAPACITY);
    private long bodyBytes;

    synchronized void record(RecordedRequest request) {
        recent.addLast(request);
        bodyBytes += request.bodyLength();
        while (recent.size() > CAPACITY || (bodyBytes > BODY_BYTES_BUDGET && recent.size() > 1)) {
            bodyBytes -= recent.removeFirst().bodyLength();
        }
    }

    /** The recorded requests, oldest first. */
    synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(recent);
    }

    synchronized void clear() {
        recent.clear();
        bodyBytes = 0;
        abandoned.clear();
    }

    private final Deque<AbandonedStream> abandoned = new ArrayDeque<>();

    /** A stream whose client (the proxy) went away before its end: the proxy cancelled the call. */
    synchronized void abandoned(AbandonedStream stream) {
        abandoned.addLast(stream);
        while (abandoned.size() > CAPACITY) {
            abandoned.removeFirst();
        }
    }

    synchronized List<AbandonedStream> abandonedStreams() {
        return List.copyOf(abandoned);
    }
}

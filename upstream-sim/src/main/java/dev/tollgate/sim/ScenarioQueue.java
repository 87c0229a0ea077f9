package dev.tollgate.sim;

import com.sun.net.httpserver.Headers;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Scenarios queued by tests for the next Messages or count_tokens requests, first in first out. A queued
 * scenario wins over the request's {@code x-sim-*} headers: a test that queues one knows exactly which
 * answer comes next, whatever headers the proxy forwards.
 */
final class ScenarioQueue {

    private final Queue<Scenario> queued = new ConcurrentLinkedQueue<>();

    void enqueue(Scenario scenario) {
        queued.add(scenario);
    }

    void clear() {
        queued.clear();
    }

    /**
     * The scenario for a request: the oldest queued one, or else the one its headers describe.
     *
     * @throws ApiFailure with status 400 when the headers describe no valid scenario, so that a typo in a
     *     test fails loudly instead of silently answering the default
     */
    Scenario next(Headers requestHeaders) {
        Scenario scenario = queued.poll();
        if (scenario != null) {
            return scenario;
        }
        try {
            return Scenario.fromHeaders(requestHeaders);
        } catch (Scenario.InvalidScenarioException e) {
            throw ApiFailure.invalidRequest("Invalid simulator scenario header " + e.getMessage());
        }
    }
}

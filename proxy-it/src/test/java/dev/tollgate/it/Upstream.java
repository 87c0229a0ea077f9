package dev.tollgate.it;

import dev.tollgate.sim.RecordedRequest;
import java.util.UUID;

/** What the simulator received, found by the test id header each test puts on its requests. */
final class Upstream {

    static final String TEST_ID = "x-test-id";

    private Upstream() {}

    static String newTestId() {
        return UUID.randomUUID().toString();
    }

    static RecordedRequest received(String testId) {
        return TollgateStack.get().simulator().recordedRequests().stream()
                .filter(request -> testId.equals(request.header(TEST_ID)))
                .reduce((first, second) -> second)
                .orElseThrow(
                        () -> new AssertionError("the simulator received no request with " + TEST_ID + " " + testId));
    }

    static long countReceived(String testId) {
        return TollgateStack.get().simulator().recordedRequests().stream()
                .filter(request -> testId.equals(request.header(TEST_ID)))
                .count();
    }
}

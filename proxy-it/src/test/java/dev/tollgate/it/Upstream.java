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

    /**
     * The streams of this test the simulator could not finish because the caller hung up, once there
     * is one (waiting up to 10 s), or none.
     */
    static java.util.List<dev.tollgate.sim.AbandonedStream> awaitAbandoned(String testId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        java.util.List<dev.tollgate.sim.AbandonedStream> abandoned;
        do {
            abandoned = TollgateStack.get().simulator().abandonedStreams().stream()
                    .filter(stream -> testId.equals(stream.testId()))
                    .toList();
            if (!abandoned.isEmpty()) {
                return abandoned;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return abandoned;
    }

    static long countReceived(String testId) {
        return TollgateStack.get().simulator().recordedRequests().stream()
                .filter(request -> testId.equals(request.header(TEST_ID)))
                .count();
    }
}

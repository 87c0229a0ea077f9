package dev.tollgate.sim;

import java.time.Instant;

/**
 * A stream the simulator could not finish because its client closed the connection: what a proxy
 * does when its own client hangs up and it cancels the upstream call.
 *
 * @param testId the request's {@code x-test-id} header, or null
 * @param eventsSent events written before the connection was found closed
 * @param eventsScripted events the stream would have had
 */
public record AbandonedStream(String testId, int eventsSent, int eventsScripted, Instant at) {}

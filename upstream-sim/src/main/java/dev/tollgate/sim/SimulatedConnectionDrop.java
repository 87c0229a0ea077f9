package dev.tollgate.sim;

import java.io.IOException;

/**
 * Thrown to cut a connection in the middle of a response. The JDK server closes the socket when a handler
 * throws an {@code IOException} without closing the exchange, so the client sees a chunked body that never
 * ends, which is what a dropped upstream connection looks like. Closing the exchange instead would finish
 * the chunked encoding cleanly.
 */
final class SimulatedConnectionDrop extends IOException {

    SimulatedConnectionDrop() {
        super("connection dropped on purpose by the scenario", null);
    }
}

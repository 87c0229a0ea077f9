package dev.tollgate.sim;

import java.io.IOException;
import java.io.InterruptedIOException;

/** The pauses scenarios ask for; an interrupt (the simulator closing) abandons the response. */
final class ScriptedDelay {

    private ScriptedDelay() {}

    static void pause(long millis) throws IOException {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("simulator closing");
        }
    }
}

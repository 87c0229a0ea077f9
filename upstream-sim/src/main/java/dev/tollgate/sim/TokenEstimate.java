package dev.tollgate.sim;

/**
 * The input token count the simulator reports: about four bytes a token, like English text, so that
 * usage grows with the body and tests can predict it exactly.
 */
final class TokenEstimate {

    private TokenEstimate() {}

    static int inputTokens(byte[] body) {
        return Math.max(1, body.length / 4);
    }
}

package dev.tollgate.sim;

/**
 * A request the simulator refuses before any byte of the response is sent, answered once by
 * {@link SimulatorRouter} in the API's error shape ({@link ErrorBodies}).
 */
final class ApiFailure extends RuntimeException {

    private final int status;

    ApiFailure(int status, String message) {
        super(message, null, false, false); // an expected answer, not a bug: no stack trace needed
        this.status = status;
    }

    static ApiFailure invalidRequest(String message) {
        return new ApiFailure(400, message);
    }

    static ApiFailure unauthenticated(String message) {
        return new ApiFailure(401, message);
    }

    static ApiFailure notFound(String message) {
        return new ApiFailure(404, message);
    }

    static ApiFailure methodNotAllowed() {
        return new ApiFailure(405, "Method Not Allowed");
    }

    int status() {
        return status;
    }
}

package dev.tollgate.relay.entity;

import dev.tollgate.messages.control.ErrorBody;
import dev.tollgate.messages.entity.Header;
import java.util.List;
import java.util.UUID;

/**
 * A request Tollgate itself answers with an error, in the Anthropic error shape. The message is
 * written for the client: it says what went wrong and what to do, and never holds a secret.
 */
public class RelayException extends RuntimeException {

    /** Not an HTTP standard: nginx's "client closed request", so that aborted requests stand out in the journal. */
    public static final int CLIENT_CLOSED_REQUEST = 499;

    private final int status;
    private final String errorType;
    private final UUID requestId;
    private final List<Header> headers;

    public RelayException(int status, String message, UUID requestId, Throwable cause) {
        this(status, message, requestId, cause, List.of());
    }

    private RelayException(int status, String message, UUID requestId, Throwable cause, List<Header> headers) {
        super(message, cause);
        this.status = status;
        this.errorType = ErrorBody.typeFor(status);
        this.requestId = requestId;
        this.headers = List.copyOf(headers);
    }

    /**
     * A quota refused the request: 429 {@code rate_limit_error} with {@code retry-after}, as the API
     * itself answers a rate limit, so clients and SDKs back off the way they already do.
     */
    public static RelayException quotaExceeded(UUID requestId, String message, long retryAfterSeconds) {
        return new RelayException(
                429, message, requestId, null, List.of(new Header("retry-after", Long.toString(retryAfterSeconds))));
    }

    public static RelayException invalidRequest(UUID requestId, String message) {
        return new RelayException(400, message, requestId, null);
    }

    public static RelayException tooLarge(UUID requestId, long limit) {
        return new RelayException(
                413,
                "Request body exceeds the maximum of " + limit + " bytes (" + limit / (1024 * 1024)
                        + " MB); shorten the conversation or send large files by reference.",
                requestId,
                null);
    }

    public static RelayException noAccount(UUID requestId, String credentialsDirectory) {
        return new RelayException(
                503,
                "Tollgate has no usable Claude account: add an api_key credential file to " + credentialsDirectory
                        + " (see credentials/README.md).",
                requestId,
                null);
    }

    public static RelayException upstreamUnreachable(UUID requestId, String upstream, Throwable cause) {
        return new RelayException(
                502,
                "Tollgate could not reach the Claude API at " + upstream + " ("
                        + cause.getClass().getSimpleName()
                        + "); check CLAUDE_API_BASE_URL and the network, then retry.",
                requestId,
                cause);
    }

    public static RelayException upstreamBrokeOff(UUID requestId, Throwable cause) {
        return new RelayException(
                502,
                "The Claude API broke off its answer (" + cause.getClass().getSimpleName() + "); retry the request.",
                requestId,
                cause);
    }

    public static RelayException upstreamTimeout(UUID requestId, String upstream, long seconds) {
        return new RelayException(
                504,
                "The Claude API at " + upstream + " did not answer within " + seconds
                        + " s (tollgate.upstream.timeout-seconds); retry later.",
                requestId,
                null);
    }

    public static RelayException clientAborted(UUID requestId, Throwable cause) {
        return new RelayException(CLIENT_CLOSED_REQUEST, "Client closed the connection", requestId, cause);
    }

    public int status() {
        return status;
    }

    public String errorType() {
        return errorType;
    }

    public UUID requestId() {
        return requestId;
    }

    /** Response headers the answer must carry besides Tollgate's request id (e.g. {@code retry-after}). */
    public List<Header> headers() {
        return headers;
    }

    public String errorBody() {
        return ErrorBody.render(errorType, getMessage(), requestId == null ? null : requestId.toString());
    }
}

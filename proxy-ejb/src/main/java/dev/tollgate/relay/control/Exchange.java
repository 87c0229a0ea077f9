package dev.tollgate.relay.control;

import dev.tollgate.journal.control.SecretMasking;
import dev.tollgate.journal.entity.JournalRecord;
import dev.tollgate.messages.entity.Header;
import dev.tollgate.messages.entity.SseEvent;
import dev.tollgate.relay.entity.ClientRequest;
import java.util.List;
import java.util.UUID;

/**
 * What the relay learns about one request while it handles it, collected for the journal. Client
 * headers are masked the moment they are taken in, so no secret is kept past this point.
 *
 * <p>A request that fails over is tried on several accounts: each attempt that is given up becomes
 * a record of its own ({@link #failedAttempt}), and the exchange moves on to the next attempt.
 */
public class Exchange {

    private final ClientRequest request;
    private final List<Header> maskedRequestHeaders;
    private String trainId = "default";
    private String domain;
    private String accountId;
    private String apiKeyHash;
    private byte[] requestBody;
    private String requestModel;
    private boolean streaming;
    private int attempt = 1;
    private int status;
    private List<Header> responseHeaders = List.of();
    private byte[] responseBody;
    private List<SseEvent> events = List.of();
    private Long firstTokenMs;
    private String error;
    private final StringBuilder failedOverFrom = new StringBuilder();

    public Exchange(ClientRequest request) {
        this.request = request;
        this.maskedRequestHeaders = SecretMasking.maskHeaders(request.headers());
    }

    public ClientRequest request() {
        return request;
    }

    public void routing(String trainId, String domain, String apiKeyHash) {
        this.trainId = trainId;
        this.domain = domain;
        this.apiKeyHash = apiKeyHash;
    }

    public void requestBody(byte[] body, String model) {
        this.requestBody = body;
        this.requestModel = model;
    }

    public void account(String accountId) {
        this.accountId = accountId;
    }

    public void answered(int status, List<Header> headers) {
        this.status = status;
        this.responseHeaders = headers;
    }

    public void responseBody(byte[] body) {
        this.responseBody = body;
    }

    public void streamed(List<SseEvent> events, long firstContentMillis) {
        this.streaming = true;
        this.events = events;
        this.firstTokenMs = firstContentMillis < 0 ? null : firstContentMillis;
    }

    public void failed(int status, String error) {
        this.status = status;
        this.error = this.error == null ? error : this.error + "; " + error;
    }

    /**
     * The record of the attempt being given up, under an id of its own that points at the request
     * the client will get its answer for; the exchange then starts the next attempt afresh.
     */
    public JournalRecord failedAttempt(String reason) {
        failed(status, reason);
        JournalRecord record = record(UUID.randomUUID(), request.requestId());
        failedOverFrom.append(failedOverFrom.length() == 0 ? "" : ",").append(accountId);
        attempt++;
        status = 0;
        responseHeaders = List.of();
        responseBody = null;
        error = null;
        return record;
    }

    public JournalRecord toRecord() {
        return record(request.requestId(), null);
    }

    private JournalRecord record(UUID requestId, UUID finalRequestId) {
        return new JournalRecord(
                requestId,
                request.receivedAt(),
                request.method(),
                request.path(),
                request.query(),
                trainId,
                domain,
                accountId,
                apiKeyHash,
                request.clientAddress(),
                maskedRequestHeaders,
                requestBody,
                requestModel,
                streaming,
                status,
                responseHeaders,
                responseBody,
                events,
                firstTokenMs,
                request.elapsedMillis(),
                error,
                attempt,
                finalRequestId,
                finalRequestId == null && failedOverFrom.length() > 0 ? failedOverFrom.toString() : null);
    }
}

package dev.tollgate.journal.entity;

import dev.tollgate.conversations.entity.ConversationLink;
import dev.tollgate.conversations.entity.ConversationRequest;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * One row of {@code api_requests}. JSON columns are mapped as strings: the data source sends
 * strings untyped ({@code stringtype=unspecified}) so PostgreSQL casts them to {@code jsonb} and
 * {@code uuid} itself.
 */
@Entity
@Table(name = "api_requests")
public class ApiRequest {

    @Id
    @Column(name = "request_id")
    private String requestId;

    private String domain;

    @Column(name = "train_id")
    private String trainId;

    @Column(name = "account_id")
    private String accountId;

    private OffsetDateTime timestamp;
    private String method;
    private String path;

    @Column(name = "query_string")
    private String queryString;

    private String headers;
    private String body;

    @Column(name = "api_key_hash")
    private String apiKeyHash;

    private String model;

    @Column(name = "request_type")
    private String requestType;

    @Column(name = "response_status")
    private Integer responseStatus;

    @Column(name = "response_headers")
    private String responseHeaders;

    @Column(name = "response_body")
    private String responseBody;

    @Column(name = "response_streaming")
    private boolean responseStreaming;

    @Column(name = "input_tokens")
    private long inputTokens;

    @Column(name = "output_tokens")
    private long outputTokens;

    @Column(name = "total_tokens")
    private long totalTokens;

    @Column(name = "cache_creation_input_tokens")
    private long cacheCreationInputTokens;

    @Column(name = "cache_read_input_tokens")
    private long cacheReadInputTokens;

    @Column(name = "usage_data")
    private String usageData;

    @Column(name = "first_token_ms")
    private Long firstTokenMs;

    @Column(name = "duration_ms")
    private Long durationMs;

    private String error;

    @Column(name = "tool_call_count")
    private int toolCallCount;

    @Column(name = "stop_reason")
    private String stopReason;

    @Column(name = "upstream_request_id")
    private String upstreamRequestId;

    @Column(name = "client_address")
    private String clientAddress;

    @Column(name = "user_agent")
    private String userAgent;

    @Column(name = "claude_session_id")
    private String claudeSessionId;

    @Column(name = "stainless_retry_count")
    private Integer stainlessRetryCount;

    private int attempt = 1;

    @Column(name = "final_request_id")
    private String finalRequestId;

    @Column(name = "failed_over_from")
    private String failedOverFrom;

    @Column(name = "cost_usd")
    private java.math.BigDecimal costUsd;

    @Column(name = "priced_as")
    private String pricedAs;

    @Column(name = "current_message_hash")
    private String currentMessageHash;

    @Column(name = "parent_message_hash")
    private String parentMessageHash;

    @Column(name = "conversation_id")
    private String conversationId;

    @Column(name = "branch_id")
    private String branchId;

    @Column(name = "message_count")
    private int messageCount;

    @Column(name = "system_hash")
    private String systemHash;

    @Column(name = "is_subtask")
    private boolean subtask;

    @Column(name = "parent_task_request_id")
    private String parentTaskRequestId;

    @Column(name = "task_tool_invocation")
    private String taskToolInvocation;

    /** Written with the row, in the same transaction; not a mapped relationship (no FK: partitions come). */
    @Transient
    private List<StreamingChunk> chunks = List.of();

    protected ApiRequest() {
        // for JPA
    }

    public ApiRequest(String requestId, OffsetDateTime timestamp, String method, String path, String trainId) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.trainId = Objects.requireNonNull(trainId, "trainId");
    }

    public void routedTo(String domain, String accountId, String apiKeyHash, String clientAddress) {
        this.domain = domain;
        this.accountId = accountId;
        this.apiKeyHash = apiKeyHash;
        this.clientAddress = clientAddress;
    }

    public void requested(String queryString, String headersJson, String bodyJson, String model, String requestType) {
        this.queryString = queryString;
        this.headers = headersJson;
        this.body = bodyJson;
        this.model = model;
        this.requestType = requestType;
    }

    public void sentBy(String userAgent, String claudeSessionId, Integer stainlessRetryCount) {
        this.userAgent = userAgent;
        this.claudeSessionId = claudeSessionId;
        this.stainlessRetryCount = stainlessRetryCount;
    }

    public void answered(
            int status,
            String headersJson,
            String bodyJson,
            boolean streaming,
            String upstreamRequestId,
            Long firstTokenMs,
            long durationMs) {
        this.responseStatus = status;
        this.responseHeaders = headersJson;
        this.responseBody = bodyJson;
        this.responseStreaming = streaming;
        this.upstreamRequestId = upstreamRequestId;
        this.firstTokenMs = firstTokenMs;
        this.durationMs = durationMs;
    }

    public void used(
            long inputTokens,
            long outputTokens,
            long cacheCreationInputTokens,
            long cacheReadInputTokens,
            String usageJson,
            int toolCallCount,
            String stopReason) {
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.cacheCreationInputTokens = cacheCreationInputTokens;
        this.cacheReadInputTokens = cacheReadInputTokens;
        this.totalTokens = inputTokens + outputTokens + cacheCreationInputTokens + cacheReadInputTokens;
        this.usageData = usageJson;
        this.toolCallCount = toolCallCount;
        this.stopReason = stopReason;
    }

    /**
     * Marks failover: which attempt this was; on an attempt given up, the row whose answer the client
     * received; on that answer, the accounts tried before it.
     */
    public void attempted(int attempt, String finalRequestId, String failedOverFrom) {
        this.attempt = attempt;
        this.finalRequestId = finalRequestId;
        this.failedOverFrom = failedOverFrom;
    }

    /** The price of the usage; a null cost with a price entry name says why it was not priced. */
    public void priced(java.math.BigDecimal costUsd, String pricedAs) {
        this.costUsd = costUsd;
        this.pricedAs = pricedAs;
    }

    /** The conversation columns, as the linker decided them. */
    public void linked(ConversationLink link) {
        this.currentMessageHash = link.currentMessageHash();
        this.parentMessageHash = link.parentMessageHash();
        this.conversationId =
                link.conversationId() == null ? null : link.conversationId().toString();
        this.branchId = link.branchId();
        this.messageCount = link.messageCount();
        this.systemHash = link.systemHash();
        this.subtask = link.subtask();
        this.parentTaskRequestId = link.parentTaskRequestId() == null
                ? null
                : link.parentTaskRequestId().toString();
        this.taskToolInvocation = link.taskToolInvocation();
    }

    /** What the conversation linker reads of this row: a Messages API call, its bodies, its client. */
    public ConversationRequest asConversationRequest() {
        return new ConversationRequest(
                java.util.UUID.fromString(requestId), timestamp.toInstant(), apiKeyHash, body, responseBody);
    }

    public boolean isMessagesCall() {
        return "/v1/messages".equals(path);
    }

    public void failedWith(String error) {
        this.error = error;
    }

    public void modelFromResponse(String responseModel) {
        if (model == null) {
            model = responseModel;
        }
    }

    /** Drops the bodies, for a row PostgreSQL refused because of them; says so in {@code error}. */
    public void withoutBodies(String reason) {
        body = null;
        responseBody = null;
        chunks = List.of();
        error = (error == null ? "" : error + "; ") + "bodies not stored: " + reason;
    }

    /** Drops the bodies by configuration: the row still says who asked what of which account, and what it cost. */
    public void bodiesNotKept() {
        body = null;
        responseBody = null;
        chunks = List.of();
    }

    public void streamedAs(List<StreamingChunk> chunks) {
        this.chunks = List.copyOf(chunks);
    }

    public List<StreamingChunk> chunks() {
        return chunks;
    }

    /** The row as the event observers of the journal see it (see {@link CompletedRequest}). */
    public CompletedRequest completed() {
        return new CompletedRequest(
                requestId,
                timestamp,
                method,
                path,
                trainId,
                domain,
                accountId,
                apiKeyHash,
                clientAddress,
                model,
                requestType,
                responseStreaming,
                responseStatus == null ? 0 : responseStatus,
                durationMs == null ? 0 : durationMs,
                firstTokenMs,
                inputTokens,
                outputTokens,
                cacheCreationInputTokens,
                cacheReadInputTokens,
                costUsd,
                error,
                attempt,
                finalRequestId != null,
                failedOverFrom,
                userAgent,
                upstreamRequestId,
                headers,
                body == null ? 0 : body.length(),
                responseBody == null ? 0 : responseBody.length());
    }

    public String requestId() {
        return requestId;
    }

    public String error() {
        return error;
    }
}

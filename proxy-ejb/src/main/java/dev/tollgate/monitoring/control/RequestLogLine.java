package dev.tollgate.monitoring.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.journal.control.SecretMasking;
import dev.tollgate.journal.entity.CompletedRequest;
import jakarta.json.JsonObjectBuilder;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request log's line for one request: its fields, as {@code key=value} text or as one JSON
 * object. Headers and errors come masked from the journal, but everything a client chose (train id,
 * path, model, user agent) can hold a pasted key, so the finished line goes through
 * {@link SecretMasking#maskText}: one pass over the line, which finds credentials at any depth of
 * quoting.
 */
public final class RequestLogLine {

    private final Map<String, Object> fields;

    private RequestLogLine(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** @param detailed {@code DEBUG=true}: also headers (masked), user agent and body sizes */
    public static RequestLogLine of(CompletedRequest request, boolean detailed) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "request");
        fields.put("time", request.receivedAt().toString());
        fields.put("request_id", request.requestId());
        fields.put("method", request.method());
        fields.put("path", request.path());
        fields.put("train", request.trainId());
        fields.put("domain", request.domain());
        fields.put("account", request.accountId());
        fields.put("client", request.clientAddress());
        fields.put("model", request.model());
        fields.put("stream", request.streaming());
        fields.put("status", request.status());
        fields.put("duration_ms", request.durationMs());
        fields.put("ttft_ms", request.firstTokenMs());
        fields.put("input_tokens", request.inputTokens());
        fields.put("output_tokens", request.outputTokens());
        fields.put("cache_creation_tokens", request.cacheCreationInputTokens());
        fields.put("cache_read_tokens", request.cacheReadInputTokens());
        fields.put("cost_usd", request.costUsd());
        fields.put("attempt", request.attempt());
        if (request.gaveUp()) {
            fields.put("gave_up", true);
        }
        fields.put("failed_over_from", request.failedOverFrom());
        fields.put("upstream_request_id", request.upstreamRequestId());
        fields.put("error", request.error());
        if (detailed) {
            fields.put("request_type", request.requestType());
            fields.put("user_agent", request.userAgent());
            fields.put("key_hash", request.apiKeyHash());
            fields.put("request_body_chars", request.requestBodyChars());
            fields.put("response_body_chars", request.responseBodyChars());
            fields.put("request_headers", request.requestHeadersJson());
        }
        fields.values().removeIf(java.util.Objects::isNull);
        return new RequestLogLine(fields);
    }

    /** {@code request id=... status=200 ...}: what a person reads in the server log. */
    public String text() {
        StringBuilder line = new StringBuilder("request");
        fields.forEach((key, value) -> {
            if (!key.equals("event")) {
                String text = value instanceof BigDecimal number ? number.toPlainString() : String.valueOf(value);
                line.append(' ').append(key).append('=').append(quotedIfNeeded(text));
            }
        });
        return SecretMasking.maskText(line.toString());
    }

    /** One JSON object on one line, for log shippers. */
    public String json() {
        JsonObjectBuilder object = JSON.createObjectBuilder();
        fields.forEach((key, value) -> {
            if (value instanceof Boolean flag) {
                object.add(key, flag);
            } else if (value instanceof Integer number) {
                object.add(key, number);
            } else if (value instanceof Long number) {
                object.add(key, number);
            } else if (value instanceof BigDecimal number) {
                object.add(key, number);
            } else {
                object.add(key, String.valueOf(value));
            }
        });
        return SecretMasking.maskText(object.build().toString());
    }

    private static String quotedIfNeeded(String value) {
        if (!needsQuotes(value)) {
            return value;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                default -> quoted.append(c < 0x20 ? ' ' : c);
            }
        }
        return quoted.append('"').toString();
    }

    // a plain loop: an IntStream per field was ~45 % of building the line (profile, 2026-12-08)
    private static boolean needsQuotes(String value) {
        if (value.isEmpty()) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '"' || c == '=' || c < 0x20) {
                return true;
            }
        }
        return false;
    }
}

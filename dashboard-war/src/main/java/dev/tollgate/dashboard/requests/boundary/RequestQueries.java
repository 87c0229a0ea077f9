package dev.tollgate.dashboard.requests.boundary;

import static dev.tollgate.dashboard.NativeValues.instant;

import dev.tollgate.dashboard.requests.entity.RequestDetail;
import dev.tollgate.dashboard.requests.entity.RequestFilter;
import dev.tollgate.dashboard.requests.entity.RequestRow;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The requests table and the detail of one request, read from {@code api_requests}. */
@Stateless
public class RequestQueries {

    /** The columns the table may be sorted by: a user's choice picks one of these, never writes SQL. */
    static final Map<String, String> SORTABLE = Map.of(
            "timestamp", "timestamp",
            "status", "response_status",
            "durationMs", "duration_ms",
            "costUsd", "cost_usd",
            "inputTokens", "input_tokens",
            "outputTokens", "output_tokens",
            "model", "model",
            "trainId", "train_id");

    private static final String COLUMNS = "CAST(request_id AS text), timestamp, train_id, account_id, model,"
            + " request_type, response_status, response_streaming, input_tokens, output_tokens, cost_usd,"
            + " duration_ms, error";

    @PersistenceContext(unitName = "dashboard")
    EntityManager entityManager;

    /**
     * How many requests match, counted up to {@value #COUNT_CAP} only: the table needs it for its
     * pages, and counting a million rows exactly costs half a second for nothing (bench/dashboard.sh).
     */
    public long count(RequestFilter filter) {
        List<Object> parameters = new ArrayList<>();
        String where = where(filter, parameters);
        return ((Number) bind(
                                entityManager.createNativeQuery("SELECT count(*) FROM (SELECT 1 FROM api_requests"
                                        + where + " LIMIT " + COUNT_CAP + ") capped"),
                                parameters)
                        .getSingleResult())
                .longValue();
    }

    static final int COUNT_CAP = 10_000;

    /**
     * @param sortField a key of {@link #SORTABLE}; anything else sorts by time
     */
    public List<RequestRow> page(RequestFilter filter, int first, int size, String sortField, boolean ascending) {
        List<Object> parameters = new ArrayList<>();
        String where = where(filter, parameters);
        String order = SORTABLE.getOrDefault(sortField == null ? "" : sortField, "timestamp")
                // the default null order, so that the time index (timestamp DESC) serves the common case
                + (ascending ? " ASC" : " DESC") + ", request_id";
        Query query = bind(
                entityManager.createNativeQuery("SELECT " + COLUMNS + " FROM api_requests" + where + " ORDER BY "
                        + order + " LIMIT " + Math.max(1, Math.min(size, 500)) + " OFFSET " + Math.max(0, first)),
                parameters);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(RequestQueries::row).toList();
    }

    public Optional<RequestDetail> detail(String requestId) {
        UUID id;
        try {
            id = UUID.fromString(requestId == null ? "" : requestId.trim());
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> found = entityManager
                .createNativeQuery("SELECT " + COLUMNS + ", domain, path, user_agent, claude_session_id,"
                        + " CAST(conversation_id AS text), branch_id, first_token_ms, attempt, failed_over_from,"
                        + " jsonb_pretty(headers), jsonb_pretty(body), jsonb_pretty(response_headers),"
                        + " jsonb_pretty(response_body), CAST(final_request_id AS text)"
                        + " FROM api_requests WHERE request_id = CAST(?1 AS uuid)"
                        + " ORDER BY timestamp LIMIT 1")
                .setParameter(1, id.toString())
                .getResultList();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = found.get(0);
        @SuppressWarnings("unchecked")
        List<Object[]> events = entityManager
                .createNativeQuery("SELECT c.chunk_index, c.event,"
                        + " CAST(EXTRACT(EPOCH FROM c.timestamp - r.timestamp) * 1000 AS bigint)"
                        + " FROM streaming_chunks c JOIN api_requests r ON r.request_id = c.request_id"
                        + " WHERE c.request_id = CAST(?1 AS uuid) ORDER BY c.chunk_index LIMIT 2000")
                .setParameter(1, id.toString())
                .getResultList();
        List<RequestDetail.Chunk> chunks = events.stream()
                .map(e ->
                        new RequestDetail.Chunk(((Number) e[0]).intValue(), (String) e[1], ((Number) e[2]).longValue()))
                .toList();
        return Optional.of(new RequestDetail(
                row(r),
                (String) r[13],
                (String) r[14],
                (String) r[15],
                (String) r[16],
                (String) r[17],
                (String) r[18],
                r[19] == null ? null : ((Number) r[19]).longValue(),
                ((Number) r[20]).intValue(),
                (String) r[21],
                (String) r[22],
                (String) r[23],
                (String) r[24],
                (String) r[25],
                chunks,
                attempts(r[26] == null ? id.toString() : (String) r[26])));
    }

    /** Every attempt of the client's request whose answer is {@code finalRequestId}, first to last. */
    private List<RequestDetail.Attempt> attempts(String finalRequestId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT CAST(request_id AS text), attempt, account_id, response_status, error"
                        + " FROM api_requests WHERE request_id = CAST(?1 AS uuid)"
                        + " OR final_request_id = CAST(?1 AS uuid) ORDER BY attempt, timestamp LIMIT 50")
                .setParameter(1, finalRequestId)
                .getResultList();
        return rows.stream()
                .map(a -> new RequestDetail.Attempt(
                        (String) a[0],
                        ((Number) a[1]).intValue(),
                        (String) a[2],
                        a[3] == null ? null : ((Number) a[3]).intValue(),
                        (String) a[4]))
                .toList();
    }

    private static String where(RequestFilter filter, List<Object> parameters) {
        StringBuilder where = new StringBuilder(" WHERE true");
        if (filter.from() != null) {
            parameters.add(Timestamp.from(filter.from()));
            where.append(" AND timestamp >= ?").append(parameters.size());
        }
        if (filter.to() != null) {
            parameters.add(Timestamp.from(filter.to()));
            where.append(" AND timestamp < ?").append(parameters.size());
        }
        equal(where, parameters, "train_id", filter.trainId());
        equal(where, parameters, "account_id", filter.accountId());
        equal(where, parameters, "model", filter.model());
        equal(where, parameters, "request_type", filter.requestType());
        if (filter.status() != null) {
            parameters.add(filter.status());
            where.append(" AND response_status = ?").append(parameters.size());
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            // a LIKE pattern of the user's text with its own wildcards escaped
            parameters.add("%"
                    + filter.text()
                            .trim()
                            .replace("\\", "\\\\")
                            .replace("%", "\\%")
                            .replace("_", "\\_") + "%");
            int n = parameters.size();
            where.append(" AND (CAST(body AS text) ILIKE ?")
                    .append(n)
                    .append(" OR CAST(response_body AS text) ILIKE ?")
                    .append(n)
                    .append(")");
        }
        return where.toString();
    }

    private static void equal(StringBuilder where, List<Object> parameters, String column, String value) {
        if (value != null && !value.isBlank()) {
            parameters.add(value.trim());
            where.append(" AND ").append(column).append(" = ?").append(parameters.size());
        }
    }

    private static Query bind(Query query, List<Object> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return query;
    }

    private static RequestRow row(Object[] r) {
        return new RequestRow(
                (String) r[0],
                instant(r[1]),
                (String) r[2],
                (String) r[3],
                (String) r[4],
                (String) r[5],
                r[6] == null ? null : ((Number) r[6]).intValue(),
                Boolean.TRUE.equals(r[7]),
                ((Number) r[8]).longValue(),
                ((Number) r[9]).longValue(),
                r[10] == null ? null : new BigDecimal(r[10].toString()),
                r[11] == null ? null : ((Number) r[11]).longValue(),
                (String) r[12]);
    }
}

package dev.tollgate.dashboard.conversations.boundary;

import static dev.tollgate.dashboard.NativeValues.instant;

import dev.tollgate.dashboard.conversations.entity.ConversationSummary;
import dev.tollgate.dashboard.conversations.entity.Turn;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Conversations from the linker's columns of {@code api_requests}. */
@Stateless
public class ConversationQueries {

    @PersistenceContext(unitName = "dashboard")
    EntityManager entityManager;

    public List<ConversationSummary> since(Instant since) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT CAST(conversation_id AS text), min(timestamp), max(timestamp), count(*),"
                        + " count(DISTINCT branch_id), bool_or(is_subtask), COALESCE(SUM(total_tokens), 0),"
                        + " COALESCE(SUM(cost_usd), 0), (array_agg(model ORDER BY timestamp DESC))[1],"
                        + " (array_agg(train_id ORDER BY timestamp DESC))[1] FROM api_requests"
                        + " WHERE conversation_id IS NOT NULL AND timestamp >= ?1"
                        + " GROUP BY conversation_id ORDER BY max(timestamp) DESC LIMIT 200")
                .setParameter(1, Timestamp.from(since))
                .getResultList();
        return rows.stream()
                .map(r -> new ConversationSummary(
                        (String) r[0],
                        instant(r[1]),
                        instant(r[2]),
                        ((Number) r[3]).longValue(),
                        ((Number) r[4]).longValue(),
                        Boolean.TRUE.equals(r[5]),
                        ((Number) r[6]).longValue(),
                        new BigDecimal(r[7].toString()),
                        (String) r[8],
                        (String) r[9]))
                .toList();
    }

    /** The turns in time order, each with the sub-agent conversation its answer started, if any. */
    public List<Turn> turns(String conversationId) {
        UUID id;
        try {
            id = UUID.fromString(conversationId == null ? "" : conversationId.trim());
        } catch (IllegalArgumentException notAnId) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT CAST(r.request_id AS text), r.timestamp, r.branch_id, r.message_count,"
                        + " r.model, r.response_status, r.output_tokens, r.is_subtask,"
                        + " (SELECT CAST(s.conversation_id AS text) FROM api_requests s"
                        + " WHERE s.parent_task_request_id = r.request_id LIMIT 1)"
                        + " FROM api_requests r WHERE r.conversation_id = CAST(?1 AS uuid)"
                        + " ORDER BY r.timestamp LIMIT 2000")
                .setParameter(1, id.toString())
                .getResultList();
        return rows.stream()
                .map(r -> new Turn(
                        (String) r[0],
                        instant(r[1]),
                        (String) r[2],
                        ((Number) r[3]).intValue(),
                        (String) r[4],
                        r[5] == null ? null : ((Number) r[5]).intValue(),
                        ((Number) r[6]).longValue(),
                        Boolean.TRUE.equals(r[7]),
                        (String) r[8]))
                .toList();
    }
}

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

    /** Enough for any conversation a person reads; the page says when a conversation has more. */
    public static final int MAX_TURNS = 2000;

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

    /**
     * The conversation's turns and its sub-agents' turns, in time order; a sub-agent's own
     * sub-agents are on its page.
     */
    public List<Turn> turns(String conversationId) {
        UUID id;
        try {
            id = UUID.fromString(conversationId == null ? "" : conversationId.trim());
        } catch (IllegalArgumentException notAnId) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT CAST(r.request_id AS text), CAST(r.conversation_id AS text), r.timestamp,"
                        + " r.branch_id, r.parent_message_hash, r.current_message_hash,"
                        + " CAST(r.parent_task_request_id AS text), r.message_count, r.model, r.response_status,"
                        + " r.output_tokens, r.is_subtask FROM api_requests r"
                        + " WHERE r.conversation_id = CAST(?1 AS uuid) OR r.parent_task_request_id IN"
                        + " (SELECT o.request_id FROM api_requests o WHERE o.conversation_id = CAST(?1 AS uuid))"
                        + " ORDER BY r.timestamp, r.chain_seq LIMIT " + MAX_TURNS)
                .setParameter(1, id.toString())
                .getResultList();
        return rows.stream()
                .map(r -> new Turn(
                        (String) r[0],
                        (String) r[1],
                        instant(r[2]),
                        (String) r[3],
                        (String) r[4],
                        (String) r[5],
                        (String) r[6],
                        r[7] == null ? 0 : ((Number) r[7]).intValue(),
                        (String) r[8],
                        r[9] == null ? null : ((Number) r[9]).intValue(),
                        r[10] == null ? 0 : ((Number) r[10]).longValue(),
                        Boolean.TRUE.equals(r[11])))
                .toList();
    }
}

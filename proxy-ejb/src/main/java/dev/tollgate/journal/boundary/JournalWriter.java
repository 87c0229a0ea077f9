package dev.tollgate.journal.boundary;

import dev.tollgate.conversations.entity.KnownRequest;
import dev.tollgate.journal.entity.ApiRequest;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Writes one batch of journal rows, and their streaming chunks, in one transaction (JDBC batches). */
@Stateless
public class JournalWriter {

    @PersistenceContext(unitName = "journal")
    EntityManager entityManager;

    public void persist(List<ApiRequest> rows) {
        for (ApiRequest row : rows) {
            entityManager.persist(row);
            row.chunks().forEach(entityManager::persist);
        }
    }

    /** The conversation columns of the latest linked requests, oldest first, to seed the linker's index. */
    public List<KnownRequest> recentConversations(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT CAST(request_id AS text), timestamp, api_key_hash, current_message_hash,"
                        + " parent_message_hash, system_hash, CAST(conversation_id AS text), branch_id, is_subtask,"
                        + " CAST(parent_task_request_id AS text) FROM api_requests"
                        + " WHERE current_message_hash IS NOT NULL ORDER BY timestamp DESC LIMIT ?1")
                .setParameter(1, limit)
                .getResultList();
        List<KnownRequest> known = new ArrayList<>(rows.size());
        for (int i = rows.size() - 1; i >= 0; i--) {
            Object[] row = rows.get(i);
            known.add(new KnownRequest(
                    UUID.fromString((String) row[0]),
                    instant(row[1]),
                    (String) row[2],
                    trimmed(row[3]),
                    trimmed(row[4]),
                    trimmed(row[5]),
                    row[6] == null ? null : UUID.fromString((String) row[6]),
                    (String) row[7],
                    Boolean.TRUE.equals(row[8]),
                    row[9] == null ? null : UUID.fromString((String) row[9])));
        }
        return known;
    }

    private static Instant instant(Object timestamp) {
        if (timestamp instanceof java.sql.Timestamp sql) {
            return sql.toInstant();
        }
        if (timestamp instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return Instant.parse(timestamp.toString());
    }

    /** CHAR(64) columns come back as is; null stays null. */
    private static String trimmed(Object value) {
        return value == null ? null : value.toString().trim();
    }

    /**
     * Which of these request ids have a row already: a replayed spill segment, or a batch whose
     * commit was not acknowledged, must not be journaled twice.
     */
    public Set<String> alreadyJournaled(Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<Object> found = entityManager
                .createNativeQuery("SELECT CAST(request_id AS text) FROM api_requests"
                        + " WHERE request_id = ANY (CAST(?1 AS uuid[]))")
                .setParameter(1, "{" + String.join(",", requestIds) + "}")
                .getResultList();
        Set<String> ids = new HashSet<>();
        found.forEach(id -> ids.add(id.toString()));
        return ids;
    }
}

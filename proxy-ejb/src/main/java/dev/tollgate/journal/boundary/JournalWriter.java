package dev.tollgate.journal.boundary;

import dev.tollgate.journal.entity.ApiRequest;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

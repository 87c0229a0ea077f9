package dev.tollgate.journal.boundary;

import dev.tollgate.journal.entity.ApiRequest;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

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
}

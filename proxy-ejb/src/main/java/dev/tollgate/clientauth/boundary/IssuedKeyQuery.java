package dev.tollgate.clientauth.boundary;

import dev.tollgate.clientauth.entity.ClientKey;
import dev.tollgate.clientauth.entity.KeyScope;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads the client keys issued through the database that are not revoked. */
@Stateless
public class IssuedKeyQuery {

    @PersistenceContext(unitName = "journal")
    EntityManager entityManager;

    public List<ClientKey> activeKeys() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT key_sha256, train_id, name FROM client_api_keys WHERE revoked_at IS NULL")
                .getResultList();
        List<ClientKey> keys = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            String source = "client_api_keys '" + row[2] + "'";
            KeyScope scope = row[1] == null ? KeyScope.everywhere(source) : KeyScope.train(source, (String) row[1]);
            keys.add(new ClientKey(HexFormat.of().parseHex(((String) row[0]).trim()), scope));
        }
        return keys;
    }
}

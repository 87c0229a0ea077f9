package dev.tollgate.dashboard.keys.boundary;

import static dev.tollgate.dashboard.NativeValues.instant;

import dev.tollgate.dashboard.access.entity.Identity;
import dev.tollgate.dashboard.keys.entity.AuditEntry;
import dev.tollgate.dashboard.keys.entity.InvalidKeyRequestException;
import dev.tollgate.dashboard.keys.entity.IssuedKey;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Issues and revokes client keys, each in one transaction with its audit log entry. Keys have the
 * format of {@code ./tollgate generate-api-key}: {@code cnp_live_} and 32 random bytes, base64url.
 */
// the dashboard's only writable connection: the client key and audit log tables
@DataSourceDefinition(
        name = "java:app/jdbc/tollgate-dashboard-admin",
        className = "dev.tollgate.database.control.DashboardTollgateDataSource",
        minPoolSize = 0,
        maxPoolSize = 4,
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=custom-validation",
            "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
            "fish.payara.fail-all-connections=true"
        })
@Stateless
public class ClientKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TRAIN_ID = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,127}$");

    @PersistenceContext(unitName = "dashboard-admin")
    EntityManager entityManager;

    /** @return the new key, to be shown once and never again */
    public String issue(String name, String trainId, Identity by, String fromAddress) {
        String cleanName = name == null ? "" : name.trim();
        if (cleanName.isEmpty() || cleanName.length() > 200) {
            throw new InvalidKeyRequestException("Give the key a name of 1 to 200 characters (who or what uses it).");
        }
        String train = trainId == null || trainId.isBlank() ? null : trainId.trim();
        if (train != null && !TRAIN_ID.matcher(train).matches()) {
            throw new InvalidKeyRequestException(
                    "A train id matches ^[a-zA-Z0-9][a-zA-Z0-9._:-]*$ and has at most 128 characters;"
                            + " leave it empty for a key valid on every train.");
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String key = "cnp_live_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String id = UUID.randomUUID().toString();
        entityManager
                .createNativeQuery(
                        "INSERT INTO client_api_keys (id, train_id, name, key_sha256, key_prefix, key_suffix,"
                                + " created_by) VALUES (CAST(?1 AS uuid), ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, id)
                .setParameter(2, train)
                .setParameter(3, cleanName)
                .setParameter(4, sha256Hex(key))
                .setParameter(5, key.substring(0, 13))
                .setParameter(6, key.substring(key.length() - 4))
                .setParameter(7, by.name())
                .executeUpdate();
        audit(
                by,
                fromAddress,
                "client-key-issued",
                cleanName + " (" + (train == null ? "all trains" : train) + ", " + key.substring(0, 13) + "..."
                        + key.substring(key.length() - 4) + ")");
        return key;
    }

    public void revoke(String id, Identity by, String fromAddress) {
        UUID keyId;
        try {
            keyId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyRequestException("No such key.");
        }
        int changed = entityManager
                .createNativeQuery("UPDATE client_api_keys SET revoked_at = now() WHERE id = CAST(?1 AS uuid)"
                        + " AND revoked_at IS NULL")
                .setParameter(1, keyId.toString())
                .executeUpdate();
        if (changed == 0) {
            throw new InvalidKeyRequestException("That key does not exist or is revoked already.");
        }
        audit(by, fromAddress, "client-key-revoked", keyId.toString());
    }

    public List<IssuedKey> all() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT CAST(id AS text), name, train_id, key_prefix, key_suffix, created_at,"
                        + " created_by, revoked_at FROM client_api_keys ORDER BY revoked_at NULLS FIRST,"
                        + " created_at DESC LIMIT 1000")
                .getResultList();
        return rows.stream()
                .map(r -> new IssuedKey(
                        (String) r[0],
                        (String) r[1],
                        (String) r[2],
                        ((String) r[3]).trim(),
                        ((String) r[4]).trim(),
                        instant(r[5]),
                        (String) r[6],
                        instant(r[7])))
                .toList();
    }

    public List<AuditEntry> recentAudit() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery(
                        "SELECT at, identity, method, client_address, action, target FROM dashboard_audit_log"
                                + " ORDER BY at DESC LIMIT 100")
                .getResultList();
        return rows.stream()
                .map(r -> new AuditEntry(
                        instant(r[0]), (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5]))
                .toList();
    }

    private void audit(Identity by, String fromAddress, String action, String target) {
        entityManager
                .createNativeQuery("INSERT INTO dashboard_audit_log (identity, method, client_address, action, target)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, by.name())
                .setParameter(2, by.method())
                .setParameter(3, fromAddress)
                .setParameter(4, action)
                .setParameter(5, target)
                .executeUpdate();
    }

    private static String sha256Hex(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

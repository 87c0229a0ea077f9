package dev.tollgate.dashboard.access.boundary;

import dev.tollgate.dashboard.access.control.ExpiringStore;
import dev.tollgate.dashboard.access.entity.Identity;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Login sessions, kept on the server: the {@code dashboard_auth} cookie carries 256 random bits
 * and nothing else, the server keeps only their SHA-256, and a session ends at logout or after
 * {@code tollgate.dashboard.session-hours} (8 by default). Our own rather than the container's
 * HttpSession because the cookie must be {@code SameSite=Strict}, which Payara's session cookie
 * cannot be told to be. When instances share a data grid ({@code TOLLGATE_CLUSTER_MEMBERS}), so do
 * their sessions: a login on one instance holds on every other (ADR 0013).
 */
@ApplicationScoped
public class DashboardSessions {

    static final String COOKIE = "dashboard_auth";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_SESSIONS = 10_000;

    @Inject
    @ConfigProperty(name = "tollgate.dashboard.session-hours", defaultValue = "8")
    long sessionHours;

    /** {@code DASHBOARD_COOKIE_SECURE=true} when the dashboard is reached over HTTPS (a TLS proxy in front). */
    @Inject
    @ConfigProperty(name = "DASHBOARD_COOKIE_SECURE", defaultValue = "false")
    boolean secureCookie;

    @Inject
    @ConfigProperty(name = "TOLLGATE_CLUSTER_MEMBERS")
    Optional<String> gridMembers;

    /** Token digest -> {@code method|name} of the identity, for the session's lifetime. */
    private ExpiringStore sessions;

    @PostConstruct
    void openStore() {
        sessions = ExpiringStore.open("sessions", gridMembers, MAX_SESSIONS);
    }

    /** @return the {@code Set-Cookie} header value of a new session */
    public String open(Identity identity, String contextPath) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        long lifetime = Duration.ofHours(sessionHours).toMillis();
        sessions.put(digest(token), identity.method() + "|" + identity.name(), lifetime);
        return cookie(token, contextPath, lifetime / 1000);
    }

    /** The identity of a live session, or null. */
    public Identity identity(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        String session = sessions.get(digest(token));
        if (session == null) {
            return null;
        }
        int bar = session.indexOf('|');
        return new Identity(session.substring(bar + 1), session.substring(0, bar));
    }

    /** Ends the session; returns the {@code Set-Cookie} value that clears the cookie. */
    public String close(String token, String contextPath) {
        if (token != null) {
            sessions.remove(digest(token));
        }
        return cookie("", contextPath, 0);
    }

    private String cookie(String value, String contextPath, long maxAgeSeconds) {
        return COOKIE + "=" + value + "; Path=" + contextPath + "/; Max-Age=" + maxAgeSeconds + "; HttpOnly;"
                + " SameSite=Strict" + (secureCookie ? "; Secure" : "");
    }

    private static String digest(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

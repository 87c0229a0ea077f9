package dev.tollgate.dashboard.access.boundary;

import dev.tollgate.dashboard.access.entity.Identity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Login sessions, kept on the server: the {@code dashboard_auth} cookie carries 256 random bits
 * and nothing else, the server keeps only their SHA-256, and a session ends at logout or after
 * {@code tollgate.dashboard.session-hours} (8 by default). Our own rather than the container's
 * HttpSession because the cookie must be {@code SameSite=Strict}, which Payara's session cookie
 * cannot be told to be.
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

    private record Session(Identity identity, long expiresAtMillis) {}

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** @return the {@code Set-Cookie} header value of a new session */
    public String open(Identity identity, String contextPath) {
        if (sessions.size() >= MAX_SESSIONS) {
            long now = System.currentTimeMillis();
            sessions.values().removeIf(session -> session.expiresAtMillis() < now);
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        long lifetime = Duration.ofHours(sessionHours).toMillis();
        sessions.put(digest(token), new Session(identity, System.currentTimeMillis() + lifetime));
        return cookie(token, contextPath, lifetime / 1000);
    }

    /** The identity of a live session, or null. */
    public Identity identity(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        Session session = sessions.get(digest(token));
        if (session == null) {
            return null;
        }
        if (session.expiresAtMillis() < System.currentTimeMillis()) {
            sessions.remove(digest(token));
            return null;
        }
        return session.identity();
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

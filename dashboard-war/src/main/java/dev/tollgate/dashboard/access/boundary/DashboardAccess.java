package dev.tollgate.dashboard.access.boundary;

import dev.tollgate.dashboard.access.control.AddressRanges;
import dev.tollgate.dashboard.access.control.ExpiringStore;
import dev.tollgate.dashboard.access.control.KeyComparison;
import dev.tollgate.dashboard.access.entity.AccessDecision;
import dev.tollgate.dashboard.access.entity.Identity;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides who a dashboard request comes from. The order: SSO identity headers (only from a trusted
 * proxy address), then the {@code X-Dashboard-Key} header, then the identity of the login session.
 * Identity headers from anywhere else are ignored and logged: anyone can send them.
 */
@ApplicationScoped
public class DashboardAccess {

    private static final Logger LOG = Logger.getLogger(DashboardAccess.class.getName());
    /** What an SSO proxy puts in its identity header: an e-mail address or a login, nothing else. */
    private static final Pattern IDENTITY = Pattern.compile("^[A-Za-z0-9._%+@-]{1,256}$");

    private static final long SPOOF_LOG_INTERVAL_MILLIS = 60_000;
    private static final int LOGIN_FAILURES_PER_MINUTE = 5;
    private static final int MAX_TRACKED_ADDRESSES = 10_000;

    @Inject
    @ConfigProperty(name = "DASHBOARD_API_KEY")
    Optional<String> apiKey;

    @Inject
    @ConfigProperty(name = "DASHBOARD_SSO_ENABLED", defaultValue = "false")
    boolean ssoEnabled;

    @Inject
    @ConfigProperty(
            name = "DASHBOARD_SSO_HEADERS",
            defaultValue = "X-Authenticated-User,X-Auth-Request-Email,X-Forwarded-Email")
    String ssoHeaderList;

    // comma-separated; Payara's config injection takes no Optional<List<...>>
    @Inject
    @ConfigProperty(name = "DASHBOARD_SSO_ALLOWED_DOMAINS")
    Optional<String> allowedDomainList;

    @Inject
    @ConfigProperty(name = "DASHBOARD_SSO_TRUSTED_PROXIES", defaultValue = "127.0.0.1/32,::1/128")
    String trustedProxies;

    private AddressRanges trusted;
    private List<String> ssoHeaders;
    private Optional<List<String>> allowedDomains;
    private final Map<String, Long> lastSpoofLogged = new ConcurrentHashMap<>();

    @Inject
    @ConfigProperty(name = "TOLLGATE_CLUSTER_MEMBERS")
    Optional<String> gridMembers;

    /** Failed logins per address and minute; shared by all instances of a data grid (ADR 0013). */
    private ExpiringStore loginFailures;

    @PostConstruct
    void start() {
        loginFailures = ExpiringStore.open("login-failures", gridMembers, MAX_TRACKED_ADDRESSES);
        trusted = AddressRanges.parse(trustedProxies);
        ssoHeaders = commaSeparated(ssoHeaderList);
        allowedDomains = allowedDomainList
                .map(DashboardAccess::commaSeparated)
                .map(domains ->
                        domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList())
                .filter(domains -> !domains.isEmpty());
        if (!configured()) {
            LOG.warning("Dashboard: neither DASHBOARD_API_KEY nor DASHBOARD_SSO_ENABLED is set; it shows no data,"
                    + " only how to configure it");
        }
        if (ssoEnabled) {
            LOG.info(() -> "Dashboard SSO on: identity headers " + ssoHeaders + " trusted from " + trustedProxies
                    + (allowedDomains.isPresent() ? ", domains " + allowedDomains.get() : ", any domain"));
        }
    }

    /** Whether any way in is configured; without one the dashboard serves nothing but its set-up page. */
    public boolean configured() {
        return apiKey.filter(key -> !key.isBlank()).isPresent() || ssoEnabled;
    }

    public boolean loginWithKeyPossible() {
        return apiKey.filter(key -> !key.isBlank()).isPresent();
    }

    /**
     * @param remoteAddress the address the connection comes from
     * @param header the request's header of a name, or null
     * @param sessionIdentity the identity of the login session, or null
     */
    public AccessDecision decide(String remoteAddress, UnaryOperator<String> header, Identity sessionIdentity) {
        if (ssoEnabled) {
            for (String name : ssoHeaders) {
                String value = header.apply(name);
                if (value == null || value.isBlank()) {
                    continue;
                }
                if (!trusted.contains(remoteAddress)) {
                    logSpoofOnce(remoteAddress, name);
                    break;
                }
                return ssoIdentity(value.trim());
            }
        }
        if (KeyComparison.matches(apiKey.orElse(null), header.apply("X-Dashboard-Key"))) {
            return AccessDecision.allowed(Identity.apiKey());
        }
        return sessionIdentity == null ? AccessDecision.anonymous() : AccessDecision.allowed(sessionIdentity);
    }

    /**
     * Checks a key typed into the login page; at most {@value #LOGIN_FAILURES_PER_MINUTE} failures
     * per address and minute are even looked at.
     *
     * @return the identity of the new session, or empty
     */
    public Optional<Identity> login(String remoteAddress, String presentedKey) {
        if (throttled(remoteAddress)) {
            return Optional.empty();
        }
        if (KeyComparison.matches(apiKey.orElse(null), presentedKey)) {
            return Optional.of(new Identity("api-key", "session"));
        }
        loginFailures.countInWindow(remoteAddress, 60_000);
        LOG.warning("Dashboard: failed login from " + remoteAddress);
        return Optional.empty();
    }

    public boolean throttled(String remoteAddress) {
        return loginFailures.currentCount(remoteAddress) >= LOGIN_FAILURES_PER_MINUTE;
    }

    private AccessDecision ssoIdentity(String user) {
        if (!IDENTITY.matcher(user).matches()) {
            return AccessDecision.refused("the SSO identity header holds no e-mail address or login");
        }
        if (allowedDomains.isPresent()) {
            int at = user.lastIndexOf('@');
            String domain = at < 0 ? "" : user.substring(at + 1).toLowerCase(Locale.ROOT);
            boolean allowed = allowedDomains.get().stream()
                    .map(d -> d.trim().toLowerCase(Locale.ROOT))
                    .anyMatch(domain::equals);
            if (!allowed) {
                return AccessDecision.refused(user + " is not in an allowed domain (DASHBOARD_SSO_ALLOWED_DOMAINS)");
            }
        }
        return AccessDecision.allowed(Identity.sso(user));
    }

    private static List<String> commaSeparated(String list) {
        return java.util.Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    private void logSpoofOnce(String remoteAddress, String header) {
        long now = System.currentTimeMillis();
        Long last = lastSpoofLogged.get(remoteAddress);
        if (lastSpoofLogged.size() > MAX_TRACKED_ADDRESSES) {
            lastSpoofLogged.clear();
        }
        if (last == null || now - last > SPOOF_LOG_INTERVAL_MILLIS) {
            lastSpoofLogged.put(remoteAddress, now);
            LOG.warning("Dashboard: SSO header " + header + " from " + remoteAddress
                    + " ignored: not a trusted proxy (DASHBOARD_SSO_TRUSTED_PROXIES)");
        }
    }
}

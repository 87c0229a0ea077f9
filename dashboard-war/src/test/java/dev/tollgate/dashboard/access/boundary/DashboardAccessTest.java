package dev.tollgate.dashboard.access.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dashboard.access.entity.AccessDecision;
import dev.tollgate.dashboard.access.entity.Identity;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DashboardAccessTest {

    private static DashboardAccess access(String key, boolean sso, String domains) {
        DashboardAccess cut = new DashboardAccess();
        cut.apiKey = Optional.ofNullable(key);
        cut.ssoEnabled = sso;
        cut.ssoHeaderList = "X-Authenticated-User, X-Auth-Request-Email";
        cut.allowedDomainList = Optional.ofNullable(domains);
        cut.trustedProxies = "10.0.0.7/32";
        cut.gridMembers = Optional.empty();
        cut.start();
        return cut;
    }

    private static AccessDecision decide(DashboardAccess cut, String from, Map<String, String> headers) {
        return cut.decide(from, headers::get, null);
    }

    @Test
    void nothingConfiguredIsNotConfigured() {
        assertThat(access(null, false, null).configured()).isFalse();
        assertThat(access("", false, null).configured()).isFalse();
        assertThat(access("k", false, null).configured()).isTrue();
        assertThat(access(null, true, null).configured()).isTrue();
    }

    @Test
    void ssoIdentityCountsOnlyFromTheTrustedProxyAndAllowedDomains() {
        DashboardAccess cut = access("the-key", true, "Example.com, corp.example");

        assertThat(decide(cut, "10.0.0.7", Map.of("X-Auth-Request-Email", "alice@example.com"))
                        .identity())
                .isEqualTo(Identity.sso("alice@example.com"));
        assertThat(decide(cut, "10.0.0.7", Map.of("X-Authenticated-User", "bob@corp.example"))
                        .isAllowed())
                .isTrue();
        assertThat(decide(cut, "10.0.0.7", Map.of("X-Auth-Request-Email", "eve@evil.test"))
                        .refusal())
                .contains("not in an allowed domain");
        assertThat(decide(cut, "10.0.0.7", Map.of("X-Auth-Request-Email", "<script>"))
                        .refusal())
                .isNotNull();
        // spoofed: from elsewhere the header is ignored, as if absent
        assertThat(decide(cut, "10.0.0.8", Map.of("X-Auth-Request-Email", "alice@example.com")))
                .isEqualTo(AccessDecision.anonymous());
        // ...but a key that comes with it still works
        assertThat(decide(
                                cut,
                                "10.0.0.8",
                                Map.of("X-Auth-Request-Email", "a@example.com", "X-Dashboard-Key", "the-key"))
                        .identity())
                .isEqualTo(Identity.apiKey());
    }

    @Test
    void theKeyHeaderAndTheSessionLetIn() {
        DashboardAccess cut = access("the-key", false, null);

        assertThat(decide(cut, "1.2.3.4", Map.of("X-Dashboard-Key", "the-key")).isAllowed())
                .isTrue();
        assertThat(decide(cut, "1.2.3.4", Map.of("X-Dashboard-Key", "the-key ")).isAllowed())
                .isFalse();
        assertThat(decide(cut, "1.2.3.4", Map.of()).isAllowed()).isFalse();
        Identity session = new Identity("api-key", "session");
        assertThat(cut.decide("1.2.3.4", name -> null, session).identity()).isEqualTo(session);
        // SSO is off: its headers mean nothing, wherever they come from
        assertThat(decide(cut, "10.0.0.7", Map.of("X-Auth-Request-Email", "alice@example.com"))
                        .isAllowed())
                .isFalse();
    }

    @Test
    void fiveFailedLoginsFromAnAddressStopTheSixthFromBeingTried() {
        DashboardAccess cut = access("the-key", false, null);
        for (int i = 0; i < 5; i++) {
            assertThat(cut.login("9.9.9.9", "wrong")).isEmpty();
        }
        assertThat(cut.throttled("9.9.9.9")).isTrue();
        assertThat(cut.login("9.9.9.9", "the-key")).isEmpty();
        assertThat(cut.login("9.9.9.10", "the-key")).isPresent();
    }
}

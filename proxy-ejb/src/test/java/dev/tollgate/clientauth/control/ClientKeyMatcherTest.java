package dev.tollgate.clientauth.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.clientauth.entity.AuthOutcome;
import dev.tollgate.clientauth.entity.ClientKey;
import dev.tollgate.clientauth.entity.KeyScope;
import dev.tollgate.credentials.control.KeyDigests;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientKeyMatcherTest {

    static final List<ClientKey> KEYS = List.of(
            new ClientKey(KeyDigests.sha256("cnp_live_alpha"), KeyScope.train("alpha.client-keys.json", "alpha")),
            new ClientKey(KeyDigests.sha256("shared-token"), KeyScope.everywhere("SECURITY__AUTH_TOKEN")),
            new ClientKey(
                    KeyDigests.sha256("cnp_live_app1"),
                    KeyScope.credentialFile("app1.credentials.json", "app1.example.com")));

    @Test
    void aTrainKeyIsValidForItsTrainOnly() {
        assertThat(ClientKeyMatcher.match(KEYS, "cnp_live_alpha", "alpha", null).isAccepted())
                .isTrue();
        AuthOutcome other = ClientKeyMatcher.match(KEYS, "cnp_live_alpha", "beta", null);
        assertThat(other.isAccepted()).isFalse();
        assertThat(other.refusal()).contains("not valid for train 'beta'").doesNotContain("cnp_live_alpha");
    }

    @Test
    void theSharedTokenIsValidEverywhere() {
        assertThat(ClientKeyMatcher.match(KEYS, "shared-token", "any", "app1.example.com")
                        .isAccepted())
                .isTrue();
    }

    @Test
    void aCredentialFileKeyIsValidInTrainModeAndForItsOwnDomainOnly() {
        assertThat(ClientKeyMatcher.match(KEYS, "cnp_live_app1", "default", null)
                        .isAccepted())
                .isTrue();
        assertThat(ClientKeyMatcher.match(KEYS, "cnp_live_app1", "default", "app1.example.com")
                        .isAccepted())
                .isTrue();
        assertThat(ClientKeyMatcher.match(KEYS, "cnp_live_app1", "default", "app2.example.com")
                        .isAccepted())
                .isFalse();
    }

    @Test
    void unknownEmptyAndMissingKeysAreRefusedWithoutEchoingThem() {
        AuthOutcome unknown = ClientKeyMatcher.match(KEYS, "cnp_live_guess", "alpha", null);
        assertThat(unknown.refusal()).isEqualTo("Invalid API key.");
        assertThat(ClientKeyMatcher.match(KEYS, null, "alpha", null).refusal()).contains("No API key");
        assertThat(ClientKeyMatcher.match(KEYS, "", "alpha", null).isAccepted()).isFalse();
        assertThat(ClientKeyMatcher.match(List.of(), "shared-token", "alpha", null)
                        .isAccepted())
                .isFalse();
    }

    @Test
    void aKeyThatDiffersInOneCharacterIsRefused() {
        assertThat(ClientKeyMatcher.match(KEYS, "shared-tokem", "alpha", null).isAccepted())
                .isFalse();
        assertThat(ClientKeyMatcher.match(KEYS, "shared-token ", "alpha", null).isAccepted())
                .isFalse();
    }
}

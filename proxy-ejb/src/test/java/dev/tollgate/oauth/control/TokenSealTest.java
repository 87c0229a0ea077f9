package dev.tollgate.oauth.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.credentials.entity.OAuthTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSealTest {

    private static final String OLD_REFRESH = "sk-ant-ort01-old-refresh-token-0123456789";
    private static final OAuthTokens NEW_TOKENS = new OAuthTokens(
            "sk-ant-oat01-new-access",
            "sk-ant-ort01-new-refresh",
            1_800_000_000_000L,
            List.of("user:inference"),
            true,
            "max");

    @Test
    void anInstanceHoldingTheReplacedRefreshTokenOpensTheNewTokens() {
        String sealed = TokenSeal.seal("team", OLD_REFRESH, NEW_TOKENS);

        assertThat(TokenSeal.open("team", OLD_REFRESH, sealed)).hasValue(NEW_TOKENS);
    }

    @Test
    void theSealedTextRevealsNoToken() {
        String sealed = TokenSeal.seal("team", OLD_REFRESH, NEW_TOKENS);

        assertThat(sealed)
                .startsWith("v1:")
                .doesNotContain(OLD_REFRESH)
                .doesNotContain("sk-ant-")
                .doesNotContain("new-access")
                .doesNotContain("new-refresh");
        assertThat(TokenSeal.seal("team", OLD_REFRESH, NEW_TOKENS))
                .as("a fresh iv every time")
                .isNotEqualTo(sealed);
    }

    @Test
    void itDoesNotOpenWithOtherTokensForAnotherAccountOrTampered() {
        String sealed = TokenSeal.seal("team", OLD_REFRESH, NEW_TOKENS);

        assertThat(TokenSeal.open("team", "sk-ant-ort01-another", sealed)).isEmpty();
        assertThat(TokenSeal.open("other-team", OLD_REFRESH, sealed)).isEmpty();
        char last = sealed.charAt(sealed.length() - 3);
        String tampered = sealed.substring(0, sealed.length() - 3)
                + (last == 'A' ? 'B' : 'A')
                + sealed.substring(sealed.length() - 2);
        assertThat(TokenSeal.open("team", OLD_REFRESH, tampered)).isEmpty();
        assertThat(TokenSeal.open("team", OLD_REFRESH, "not sealed")).isEmpty();
        assertThat(TokenSeal.open("team", OLD_REFRESH, "v1:" + TokenSeal.fingerprint(OLD_REFRESH) + ":%%%"))
                .isEmpty();
        assertThat(TokenSeal.open("team", null, sealed)).isEmpty();
    }

    @Test
    void tokensWithoutRefreshTokenOrSubscriptionTravelToo() {
        OAuthTokens plain = new OAuthTokens("sk-ant-oat01-a", null, 42L, List.of(), false);

        assertThat(TokenSeal.open("team", OLD_REFRESH, TokenSeal.seal("team", OLD_REFRESH, plain)))
                .hasValue(plain);
    }
}

package dev.tollgate.relay.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tollgate.messages.entity.Header;
import dev.tollgate.relay.entity.ClientRequest;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingHeadersTest {

    private static ClientRequest request(Header... headers) {
        return new ClientRequest(
                UUID.randomUUID(),
                OffsetDateTime.now(),
                0,
                "POST",
                "/v1/messages",
                "beta=true",
                Arrays.asList(headers),
                "127.0.0.1",
                null,
                -1);
    }

    private static String trainId(String value) {
        return RoutingHeaders.trainId(request(new Header("MSL-Train-Id", value)));
    }

    @Test
    void trainIdComesFromMslTrainIdFirst() {
        ClientRequest request = request(new Header("X-TRAIN-ID", "from-x"), new Header("MSL-Train-Id", "from-msl"));

        assertThat(RoutingHeaders.trainId(request)).isEqualTo("from-msl");
    }

    @Test
    void trainIdFallsBackToXTrainId() {
        assertThat(RoutingHeaders.trainId(request(new Header("x-train-id", "nightly-42"))))
                .isEqualTo("nightly-42");
    }

    @Test
    void trainIdDefaultsToDefault() {
        assertThat(RoutingHeaders.trainId(request(new Header("anthropic-version", "2023-06-01"))))
                .isEqualTo("default")
                .isEqualTo(RoutingHeaders.DEFAULT_TRAIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "train-7", "Team_A.run:2026-11-22", "0", "a..b", "v1.2.3-rc.1"})
    void validTrainIdsAreAccepted(String id) {
        assertThat(trainId(id)).isEqualTo(id);
    }

    @Test
    void trainIdOf128CharactersIsAccepted() {
        String id = "t" + "x".repeat(127);

        assertThat(trainId(id)).isEqualTo(id).hasSize(128);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../etc/passwd",
                "",
                " ",
                ".hidden",
                "-dash-first",
                "_underscore-first",
                "a/b",
                "a\\b",
                "a b",
                "train\n",
                "train\r\nX-Injected: 1",
                "züge",
                "train-\u00e9",
                "\u0661\u0662",
                "zug\uD83D\uDE82",
                "a;rm -rf"
            })
    void invalidTrainIdsAreRefused(String id) {
        assertThatIllegalArgumentException().isThrownBy(() -> trainId(id)).withMessageStartingWith("Invalid train id");
    }

    @Test
    void refusalDoesNotEchoTheHostileValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> trainId("../etc/passwd"))
                .withMessageNotContaining("passwd");
    }

    @Test
    void trainIdOf129CharactersIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> trainId("t" + "x".repeat(128)));
    }

    @Test
    void invalidXTrainIdIsRefusedToo() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RoutingHeaders.trainId(request(new Header("X-TRAIN-ID", "../../secrets"))));
    }

    private static String domain(String host) {
        return RoutingHeaders.domain(request(new Header("Host", host)));
    }

    @Test
    void domainIsTheLowerCaseHostWithoutPort() {
        assertThat(domain("Gateway.Example.COM:8443")).isEqualTo("gateway.example.com");
        assertThat(domain("localhost:8080")).isEqualTo("localhost");
        assertThat(domain("api.tollgate.dev")).isEqualTo("api.tollgate.dev");
        assertThat(domain("127.0.0.1:8080")).isEqualTo("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ":8080",
                "evil.com/../../etc",
                "a b.example.com",
                "-leading-dash.example.com",
                ".example.com",
                "exa\u00e9mple.com",
                "host\r\nX-Injected: 1",
                "[::1]:8080",
                "user@host.example.com",
                "<script>"
            })
    void garbageHostHasNoDomain(String host) {
        assertThat(domain(host)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                ":8080",
                "evil.com/../../etc",
                "a b.example.com",
                "host\r\nX-Injected: 1",
                "<script>",
                "user@host.example.com",
                ".example.com",
                "exa\u00e9mple.com"
            })
    void hostileHostIsRefused(String host) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> RoutingHeaders.requireValidHost(request(new Header("Host", host))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Host");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"gateway.example.com:8443", "127.0.0.1", "[::1]:3000", "[2001:db8::1]", "my_service:3000", ""})
    void validHostsPass(String host) {
        RoutingHeaders.requireValidHost(request(new Header("Host", host)));
        RoutingHeaders.requireValidHost(request());
    }

    @Test
    void noHostHeaderHasNoDomain() {
        assertThat(RoutingHeaders.domain(request())).isNull();
    }

    @Test
    void overlongHostHasNoDomain() {
        assertThat(domain("a".repeat(253))).isEqualTo("a".repeat(253));
        assertThat(domain("a".repeat(254))).isNull();
    }

    @Test
    void clientKeyPrefersXApiKeyOverBearer() {
        ClientRequest request = request(
                new Header("Authorization", "Bearer sk-ant-oat01-bearer"), new Header("X-Api-Key", "sk-ant-api03-key"));

        assertThat(RoutingHeaders.clientKey(request)).isEqualTo("sk-ant-api03-key");
    }

    @Test
    void clientKeyTakesTheBearerTokenWhateverTheCaseOfBearer() {
        for (String scheme : List.of("Bearer", "bearer", "BEARER", "bEaReR")) {
            assertThat(RoutingHeaders.clientKey(request(new Header("authorization", scheme + " sk-ant-oat01-t  "))))
                    .as(scheme)
                    .isEqualTo("sk-ant-oat01-t");
        }
    }

    @Test
    void clientKeyIsTrimmedAndBlankApiKeyFallsBackToBearer() {
        assertThat(RoutingHeaders.clientKey(request(new Header("x-api-key", "  sk-ant-api03-k \t"))))
                .isEqualTo("sk-ant-api03-k");
        assertThat(RoutingHeaders.clientKey(
                        request(new Header("x-api-key", "   "), new Header("authorization", "Bearer tok"))))
                .isEqualTo("tok");
    }

    @Test
    void withoutUsableCredentialsThereIsNoClientKey() {
        assertThat(RoutingHeaders.clientKey(request())).isNull();
        assertThat(RoutingHeaders.clientKey(request(new Header("authorization", "Basic dXNlcjpwYXNz"))))
                .isNull();
        assertThat(RoutingHeaders.clientKey(request(new Header("authorization", "Bearer    "))))
                .isNull();
        assertThat(RoutingHeaders.clientKey(request(new Header("authorization", "Bearer"))))
                .isNull();
        assertThat(RoutingHeaders.clientKey(request(new Header("authorization", "Bearertoken"))))
                .isNull();
        assertThat(RoutingHeaders.clientKey(request(new Header("x-api-key", ""))))
                .isNull();
    }

    @Test
    void keyHashIsTheHexSha256OfSaltAndKey() {
        // SHA-256 of "saltkey": the salt goes first
        assertThat(RoutingHeaders.keyHash("key", "salt"))
                .isEqualTo("4a466ea0657e479545b1d6c2d994824f80d8eecd7030f3092ff42a9bcad751d8");
        // SHA-256 of the empty string, a well-known value
        assertThat(RoutingHeaders.keyHash("", null))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(RoutingHeaders.keyHash("abc", ""))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void keyHashIsDeterministicAndTheSaltChangesIt() {
        String key = "sk-ant-api03-R2D2C3POr2d2c3poR2D2C3PO-AbCdEfAA";

        String hash = RoutingHeaders.keyHash(key, "salt-1");

        assertThat(hash).hasSize(64).matches("[0-9a-f]{64}").doesNotContain(key);
        assertThat(RoutingHeaders.keyHash(key, "salt-1")).isEqualTo(hash);
        assertThat(RoutingHeaders.keyHash(key, "salt-2")).isNotEqualTo(hash);
        assertThat(RoutingHeaders.keyHash(key + "x", "salt-1")).isNotEqualTo(hash);
        assertThat(RoutingHeaders.keyHash(key, null)).isEqualTo(RoutingHeaders.keyHash(key, ""));
    }

    @Test
    void noKeyHasNoHash() {
        assertThat(RoutingHeaders.keyHash(null, "salt")).isNull();
    }
}

package dev.tollgate.journal.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.messages.control.Fixtures;
import dev.tollgate.messages.control.JsonDocuments;
import dev.tollgate.messages.entity.Header;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskingTest {

    private static final String API_KEY =
            "sk-ant-api03-" + "R2D2C3POr2d2c3poR2D2C3POr2d2c3poR2D2C3POr2d2c3poR2D2C3POr2d2c3poR2D2C3POr2-AbCdEfAA";
    private static final String OAUTH_TOKEN =
            "sk-ant-oat01-" + "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy-WxYz1234";
    private static final String DASHBOARD_KEY = "cnp_live_4f9a2c7e1b8d3f6a0e5c9b2d7f1a4e8c";

    @Test
    void bearerTokenKeepsSchemeAndLastFourCharacters() {
        assertThat(SecretMasking.mask("Bearer " + OAUTH_TOKEN)).isEqualTo("Bearer ****1234");
    }

    @Test
    void apiKeyKeepsOnlyItsLastFourCharacters() {
        assertThat(SecretMasking.mask(API_KEY)).isEqualTo("****EfAA");
    }

    @Test
    void sixteenCharactersAreLongEnoughToShowFourFifteenAreNot() {
        assertThat(SecretMasking.mask("0123456789abcdef")).isEqualTo("****cdef");
        assertThat(SecretMasking.mask("0123456789abcde")).isEqualTo("****");
        assertThat(SecretMasking.mask("Bearer 0123456789abcdef")).isEqualTo("Bearer ****cdef");
        assertThat(SecretMasking.mask("Bearer 0123456789abcde")).isEqualTo("Bearer ****");
    }

    @ParameterizedTest
    @ValueSource(strings = {"test-key", "x", "Bearer", "Bearer short", "Basic dXNlcjpwYXNz", "sk-ant-abc"})
    void shortValuesAreFullyMasked(String value) {
        String masked = SecretMasking.mask(value);

        assertThat(masked).endsWith("****");
        assertThat(masked.replaceFirst("^(Bearer|Basic) ", "")).isEqualTo("****");
    }

    @Test
    void emptyAndNullStayAsTheyAre() {
        assertThat(SecretMasking.mask("")).isEmpty();
        assertThat(SecretMasking.mask(null)).isNull();
    }

    @Test
    void cookieIsMasked() {
        assertThat(SecretMasking.mask("tollgate_session=" + DASHBOARD_KEY)).isEqualTo("****4e8c");
    }

    @Test
    void secretHeadersAreMaskedWhateverTheirCaseAndOthersUntouched() {
        List<Header> headers = List.of(
                new Header("Authorization", "Bearer " + OAUTH_TOKEN),
                new Header("x-api-key", API_KEY),
                new Header("X-Api-Key", "test-key"),
                new Header("Cookie", "tollgate_session=" + DASHBOARD_KEY),
                new Header("Proxy-Authorization", "Basic dXNlcjpwYXNzd29yZC1sb25nLWVub3VnaA=="),
                new Header("x-dashboard-key", DASHBOARD_KEY),
                new Header("anthropic-version", "2023-06-01"),
                new Header("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14"),
                new Header("user-agent", "claude-cli/2.1.197 (external, sdk-cli)"),
                new Header("x-claude-code-session-id", "aaf89372-44d7-4d89-a6a6-c7feaf91af11"));

        List<Header> masked = SecretMasking.maskHeaders(headers);

        assertThat(masked)
                .containsExactly(
                        new Header("Authorization", "Bearer ****1234"),
                        new Header("x-api-key", "****EfAA"),
                        new Header("X-Api-Key", "****"),
                        new Header("Cookie", "****4e8c"),
                        new Header("Proxy-Authorization", "Basic ****aA=="),
                        new Header("x-dashboard-key", "****4e8c"),
                        new Header("anthropic-version", "2023-06-01"),
                        new Header("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14"),
                        new Header("user-agent", "claude-cli/2.1.197 (external, sdk-cli)"),
                        new Header("x-claude-code-session-id", "aaf89372-44d7-4d89-a6a6-c7feaf91af11"));
        assertThat(headers).as("the input is not modified").contains(new Header("x-api-key", API_KEY));
    }

    @Test
    void setCookieOfAResponseIsMasked() {
        List<Header> masked = SecretMasking.maskHeaders(
                List.of(new Header("set-cookie", "__cf_bm=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6; path=/; HttpOnly; Secure")));

        assertThat(masked).containsExactly(new Header("set-cookie", "****cure"));
    }

    @Test
    void aCorpusOfRealLookingSecretsNeverAppearsInTheOutput() {
        List<String> secrets = List.of(
                API_KEY,
                OAUTH_TOKEN,
                DASHBOARD_KEY,
                "sk-ant-api03-" + "a".repeat(80) + "-bbbbbbAA",
                "sk-ant-oat01-" + "Q".repeat(60),
                "sk-ant-ort01-" + "refresh".repeat(10),
                "cnp_live_" + "0123456789abcdef".repeat(2),
                "cnp_test_" + "fedcba9876543210".repeat(2));
        for (String secret : secrets) {
            List<Header> headers = List.of(
                    new Header("authorization", "Bearer " + secret),
                    new Header("Authorization", "bearer " + secret),
                    new Header("x-api-key", secret),
                    new Header("x-api-key", "  " + secret),
                    new Header("cookie", "tollgate_session=" + secret),
                    new Header("cookie", "tollgate_session=" + secret + "; theme=dark-mode-enabled"),
                    new Header("set-cookie", "tollgate_session=" + secret + "; Path=/; HttpOnly"),
                    new Header("x-dashboard-key", secret),
                    new Header("proxy-authorization", "Bearer " + secret));

            for (Header header : SecretMasking.maskHeaders(headers)) {
                assertThat(header.value())
                        .as("%s of %s", header.name(), secret)
                        .doesNotContain(secret)
                        .doesNotContain(secret.substring(0, 16))
                        .doesNotContain(secret.substring(secret.length() - 12))
                        .contains("****");
            }
        }
    }

    @Test
    void aCookieIsMaskedWholeNotMistakenForASchemeAndACredential() {
        assertThat(SecretMasking.mask("sid=Xy7Kp9Qz; theme=dark-mode-enabled"))
                .isEqualTo("****bled")
                .doesNotContain("Xy7Kp9Qz");
        assertThat(SecretMasking.mask("Basic dXNlcjpwYXNzd29yZC1zZWNyZXQ=")).isEqualTo("Basic ****ZXQ=");
    }

    // --- secrets in bodies, error texts and log lines

    @Test
    void everySecretOfTheCorpusIsMaskedAndTheTextAroundItKept() throws IOException {
        List<String> positives = corpus("+ ");
        assertThat(positives).hasSizeGreaterThan(25);
        for (String line : positives) {
            String[] parts = line.split("[«»]", -1);
            StringBuilder text = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            List<String> secrets = new ArrayList<>();
            for (int i = 0; i < parts.length; i++) {
                text.append(parts[i]);
                if (i % 2 == 0) {
                    expected.append(Pattern.quote(parts[i]));
                } else {
                    secrets.add(parts[i]);
                    expected.append("\\*{4}[^*]{0,4}");
                }
            }

            String masked = SecretMasking.maskText(text.toString());

            assertThat(masked).as(line).matches(expected.toString());
            for (String secret : secrets) {
                assertThat(masked).as(line).doesNotContain(secret);
                if (secret.length() >= 16) {
                    assertThat(masked).as(line).doesNotContain(secret.substring(0, secret.length() - 4));
                }
            }
            if (text.charAt(0) == '{') {
                assertThat(JsonDocuments.parseObjectOrNull(masked))
                        .as("still JSON: " + masked)
                        .isNotNull();
            }
        }
    }

    @Test
    void ordinaryTextOfTheCorpusComesBackUnchanged() throws IOException {
        List<String> negatives = corpus("- ");
        assertThat(negatives).hasSizeGreaterThan(15);
        for (String text : negatives) {
            assertThat(SecretMasking.maskText(text)).as(text).isSameAs(text);
        }
    }

    @Test
    void secretsKeepTheMaskedFormOfTheHeaders() {
        assertThat(SecretMasking.maskText("Authorization: Bearer " + OAUTH_TOKEN))
                .isEqualTo("Authorization: " + SecretMasking.mask("Bearer " + OAUTH_TOKEN))
                .isEqualTo("Authorization: Bearer ****1234");
        assertThat(SecretMasking.maskText("{\"x-api-key\":\"" + API_KEY + "\"}"))
                .isEqualTo("{\"x-api-key\":\"****EfAA\"}");
        assertThat(SecretMasking.maskText("key " + DASHBOARD_KEY + ".")).isEqualTo("key ****4e8c.");
        assertThat(SecretMasking.maskText("{\"password\":\"hunter2\"}")).isEqualTo("{\"password\":\"****\"}");
    }

    @Test
    void maskingTwiceChangesNothingMore() throws IOException {
        for (String line : corpus("+ ")) {
            String once = SecretMasking.maskText(line.replaceAll("[«»]", ""));
            assertThat(SecretMasking.maskText(once)).as(line).isEqualTo(once);
        }
    }

    @Test
    void aTextCutOffInsideASecretValueIsMaskedToItsEnd() {
        assertThat(SecretMasking.maskText("{\"password\":\"0123456789abcdefgh")).isEqualTo("{\"password\":\"****efgh");
        assertThat(SecretMasking.maskText("{\"password\":\"")).isEqualTo("{\"password\":\"");
        assertThat(SecretMasking.maskText("{\"password\":\"abc\\")).isEqualTo("{\"password\":\"****");
    }

    @Test
    void emptyAndNullTextsStayAsTheyAre() {
        assertThat(SecretMasking.maskText("")).isEmpty();
        assertThat(SecretMasking.maskText(null)).isNull();
    }

    @Test
    void theClaudeCodeRequestHasNoSecretInItsBodyAndComesBackUnchanged() throws IOException {
        String body = claudeCodeRequestBody();

        assertThat(SecretMasking.maskText(body)).isSameAs(body);
    }

    @Test
    void largeBodiesAreMaskedInOnePassQuickly() throws IOException {
        // a Claude Code request, a 1.5 MB base64 image and a 1 MB password value, keys scattered in them
        byte[] image = new byte[1_100_000];
        new Random(42).nextBytes(image);
        String body = "{\"a\":" + claudeCodeRequestBody() + ",\"image\":\""
                + Base64.getEncoder().encodeToString(image) + "\",\"text\":\"" + API_KEY
                + "\",\"password\":\"" + "x\\n".repeat(350_000) + "1234\",\"x\":\"Bearer " + OAUTH_TOKEN + "\"}";
        assertThat(body.length()).isGreaterThan(2_500_000);

        String masked = SecretMasking.maskText(body);
        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            masked = SecretMasking.maskText(body);
        }
        long millisEach = (System.nanoTime() - started) / 5_000_000;

        assertThat(masked).doesNotContain(API_KEY).doesNotContain(OAUTH_TOKEN).doesNotContain("x\\nx\\n");
        assertThat(masked).contains("\"password\":\"****1234\"", "\"x\":\"Bearer ****1234\"");
        assertThat(JsonDocuments.parseObjectOrNull(masked)).isNotNull();
        // each secret became ****<last four>: the key, the token and the password value (ending 1234)
        assertThat(masked.length())
                .isEqualTo(body.length()
                        - API_KEY.length()
                        - OAUTH_TOKEN.length()
                        - ("x\\n".repeat(350_000) + "1234").length()
                        + 3 * "****1234".length());
        // a few milliseconds on a laptop; the bound only catches a pass gone quadratic or backtracking
        assertThat(millisEach).isLessThan(1000);
    }

    @Test
    void theCandidateScanMasksWhatTheRegexFindsTriedAtEveryPosition() throws IOException {
        List<String> texts = new ArrayList<>(
                corpus("+ ").stream().map(line -> line.replaceAll("[«»]", "")).toList());
        texts.addAll(corpus("- "));
        texts.add(claudeCodeRequestBody());
        // fragments of secrets, of their near misses and of the JSON and text around them, shuffled
        List<String> fragments = List.of(
                "\"",
                "\\",
                "\\\\",
                "\\\"",
                ":",
                " : ",
                "\t",
                " ",
                "{",
                "}",
                ",",
                "\n",
                "=",
                "%3D",
                "-",
                "_",
                "api_key",
                "API-KEY",
                "x_api_key",
                "X-Api-Key",
                "apikey",
                "access_token",
                "Access-Token",
                "id_token",
                "refresh-token",
                "auth_token",
                "client_secret",
                "password",
                "PASSWD",
                "authorization",
                "proxy_Authorization",
                "input_tokens",
                "keys",
                "tokenizer",
                "secretary",
                "passport",
                "author",
                "Bearer ",
                "bEaReR\t",
                "abearer ",
                "the bearer of news",
                "sk-ant-api03-",
                "sk-ant-oat01-",
                "task-ant-",
                "sk-",
                "cnp_live_",
                "cnp_test_",
                "cnp_x",
                "cnp_",
                "é",
                "ſ",
                "\u212A",
                "Hello",
                "0123456789abcdef",
                "AbCdEfGhIjKlMnOpQrSt",
                "0fA9-zz_",
                "****",
                "+/=",
                "~.");
        Random random = new Random(20261207);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int part = random.nextInt(24); part >= 0; part--) {
                text.append(fragments.get(random.nextInt(fragments.size())));
            }
            texts.add(text.toString());
        }

        for (String text : texts) {
            assertThat(SecretMasking.maskText(text))
                    .as(text)
                    .isEqualTo(SecretMasking.maskTextScanningEveryPosition(text));
        }
    }

    private static String claudeCodeRequestBody() throws IOException {
        String recorded = Files.readString(Fixtures.path(Fixtures.CLAUDE_CODE_REQUEST), StandardCharsets.UTF_8);
        return JsonDocuments.parseObjectOrNull(recorded).getJsonObject("body").toString();
    }

    private static List<String> corpus(String prefix) throws IOException {
        try (InputStream in = SecretMaskingTest.class.getResourceAsStream("/masking/secrets-corpus.txt")) {
            assertThat(in).as("masking/secrets-corpus.txt").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> line.startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).replace("${SK_ANT}", "sk-ant"))
                    .toList();
        }
    }
}

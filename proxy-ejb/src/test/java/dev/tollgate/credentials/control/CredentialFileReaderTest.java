package dev.tollgate.credentials.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.credentials.entity.Account;
import dev.tollgate.credentials.entity.CredentialType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialFileReaderTest {

    private static final String KEY = "sk-ant-api03-" + "Q2xhdWRlQ2xhdWRlQ2xhdWRlQ2xhdWRl-SeCrEtAA";

    private final CredentialFileReader cut = new CredentialFileReader();

    @TempDir
    Path directory;

    private Path write(String fileName, String content) throws IOException {
        return Files.writeString(directory.resolve(fileName), content, StandardCharsets.UTF_8);
    }

    @Test
    void readsASeedFormatApiKeyFile() throws IOException {
        Path file = write(
                "team-a.credentials.json",
                """
                {
                  "type": "api_key",
                  "accountId": "acc_team_a",
                  "api_key": "%s"
                }
                """
                        .formatted(KEY));

        Account account = cut.read(file);

        assertThat(account.name()).isEqualTo("team-a");
        assertThat(account.accountId()).isEqualTo("acc_team_a");
        assertThat(account.type()).isEqualTo(CredentialType.API_KEY);
        assertThat(account.apiKey()).isEqualTo(KEY);
        assertThat(account.source()).isEqualTo(file);
        assertThat(account.toString()).doesNotContain(KEY).contains("team-a", "acc_team_a", "api_key");
    }

    @Test
    void readsAnOauthFileInTheSeedFormat() throws IOException {
        Path file = write(
                "max-plan.credentials.json",
                "{\"type\":\"oauth\",\"accountId\":\"acc_max\",\"oauth\":{\"accessToken\":\"sk-ant-oat01-abc\","
                        + "\"refreshToken\":\"sk-ant-ort01-xyz\",\"expiresAt\":1234567890000,"
                        + "\"scopes\":[\"user:inference\",\"user:profile\"],\"isMax\":true}}");

        Account account = cut.read(file);

        assertThat(account.type()).isEqualTo(CredentialType.OAUTH);
        assertThat(account.name()).isEqualTo("max-plan");
        assertThat(account.accountId()).isEqualTo("acc_max");
        assertThat(account.apiKey()).isNull();
        assertThat(account.oauth().accessToken()).isEqualTo("sk-ant-oat01-abc");
        assertThat(account.oauth().refreshToken()).isEqualTo("sk-ant-ort01-xyz");
        assertThat(account.oauth().expiresAt()).isEqualTo(1234567890000L);
        assertThat(account.oauth().scopes()).containsExactly("user:inference", "user:profile");
        assertThat(account.oauth().isMax()).isTrue();
        assertThat(account.toString()).doesNotContain("sk-ant-oat01-abc").doesNotContain("sk-ant-ort01-xyz");
    }

    @Test
    void anOauthFileWithoutTokensIsRefused() throws IOException {
        Path file = write("broken.credentials.json", "{\"type\":\"oauth\",\"refresh_token\":\"sk-ant-ort01-xyz\"}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cut.read(file))
                .isInstanceOf(InvalidCredentialFileException.class)
                .hasMessageContaining("oauth")
                .hasMessageNotContaining("sk-ant-ort01-xyz");
    }

    @Test
    void missingTypeMeansApiKey() throws IOException {
        Account account = cut.read(write("plain.credentials.json", "{\"api_key\":\"" + KEY + "\"}"));

        assertThat(account.type()).isEqualTo(CredentialType.API_KEY);
        assertThat(account.apiKey()).isEqualTo(KEY);
    }

    @Test
    void nullTypeMeansApiKeyToo() throws IOException {
        Account account = cut.read(write("plain.credentials.json", "{\"type\":null,\"api_key\":\"" + KEY + "\"}"));

        assertThat(account.type()).isEqualTo(CredentialType.API_KEY);
    }

    @Test
    void missingOrBlankAccountIdFallsBackToTheName() throws IOException {
        assertThat(cut.read(write("one.credentials.json", "{\"api_key\":\"" + KEY + "\"}"))
                        .accountId())
                .isEqualTo("one");
        assertThat(cut.read(write("two.credentials.json", "{\"accountId\":\"  \",\"api_key\":\"" + KEY + "\"}"))
                        .accountId())
                .isEqualTo("two");
    }

    @Test
    void unknownFieldsAreIgnored() throws IOException {
        Account account = cut.read(write(
                "extra.credentials.json",
                "{\"type\":\"api_key\",\"api_key\":\"" + KEY
                        + "\",\"note\":\"rotated 2026-11\",\"limits\":{\"rpm\":50}}"));

        assertThat(account.apiKey()).isEqualTo(KEY);
    }

    private void assertRefused(Path file, String problem) {
        assertThatThrownBy(() -> cut.read(file))
                .isInstanceOf(InvalidCredentialFileException.class)
                .hasMessageStartingWith("Credential file " + file + " ")
                .hasMessageContaining(problem)
                .hasMessageNotContaining(KEY)
                .hasMessageNotContaining("SeCrEt");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"api_key\",\"api_key\":\"" + KEY + "\"",
                "{\"type\":\"api_key\",\"api_key\":\"" + KEY + "\",}",
                "{'type':'api_key','api_key':'" + KEY + "'}",
                "type=api_key\napi_key=" + KEY,
                ""
            })
    void invalidJsonIsRefused(String content) throws IOException {
        assertRefused(write("broken.credentials.json", content), "is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"" + KEY + "\"]", "\"" + KEY + "\"", "42", "null"})
    void jsonThatIsNotAnObjectIsRefused(String content) throws IOException {
        assertRefused(write("scalar.credentials.json", content), "must hold a JSON object");
    }

    @Test
    void apiKeyFileWithoutApiKeyIsRefused() throws IOException {
        assertRefused(
                write("nokey.credentials.json", "{\"type\":\"api_key\",\"accountId\":\"acc\"}"),
                "an api_key credential needs a non-empty \"api_key\"");
        assertRefused(write("blank.credentials.json", "{\"api_key\":\"   \"}"), "non-empty \"api_key\"");
        assertRefused(write("nullkey.credentials.json", "{\"api_key\":null}"), "non-empty \"api_key\"");
    }

    @Test
    void apiKeyOfTheWrongTypeIsRefused() throws IOException {
        assertRefused(write("number.credentials.json", "{\"api_key\":12345}"), "\"api_key\" must be a string");
        assertRefused(
                write("object.credentials.json", "{\"api_key\":{\"value\":\"" + KEY + "\"}}"),
                "\"api_key\" must be a string");
    }

    @Test
    void unknownTypeIsRefused() throws IOException {
        assertRefused(
                write("odd.credentials.json", "{\"type\":\"session\",\"api_key\":\"" + KEY + "\"}"),
                "unknown credential type 'session'");
        assertRefused(
                write("case.credentials.json", "{\"type\":\"API_KEY\",\"api_key\":\"" + KEY + "\"}"),
                "expected api_key or oauth");
    }

    @ParameterizedTest
    @ValueSource(strings = {"team-a.json", "team-a.credentials.json.bak", "team-a.credentials", "credentials.txt"})
    void fileWithTheWrongSuffixIsRefusedBeforeItIsRead(String fileName) throws IOException {
        Path file = write(fileName, "{\"api_key\":\"" + KEY + "\"}");

        assertRefused(file, "name must end with .credentials.json");
    }

    @Test
    void missingFileIsRefusedNamingTheFile() {
        Path file = directory.resolve("gone.credentials.json");

        assertRefused(file, "cannot be read: NoSuchFileException");
    }

    @Test
    void directoryIsRefused() throws IOException {
        Path file = Files.createDirectory(directory.resolve("dir.credentials.json"));

        assertThatThrownBy(() -> cut.read(file))
                .isInstanceOf(InvalidCredentialFileException.class)
                .hasMessageStartingWith("Credential file " + file + " ");
    }
}

package dev.tollgate.credentials.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.credentials.entity.Account;
import dev.tollgate.credentials.entity.CredentialFormat;
import dev.tollgate.credentials.entity.OAuthTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A credentials file as {@code claude /login} writes it: read as an account, written back in its shape. */
class ClaudeCliCredentialsFileTest {

    /** The seed's shape (CCProxy's "Claude CLI Authentication"), with made-up tokens and a key of the CLI's own. */
    static final String CLI_FILE =
            """
            {
              "claudeAiOauth": {
                "accessToken": "sk-ant-oat01-cli-made-up-access-token-0000",
                "refreshToken": "sk-ant-ort01-cli-made-up-refresh-token-0000",
                "expiresAt": 1800000000000,
                "scopes": ["user:inference", "user:profile"],
                "subscriptionType": "max",
                "rateLimitTier": "default_claude_max_20x"
              },
              "mcpOAuth": {"some-server": {"accessToken": "not-ours"}}
            }
            """;

    static final OAuthTokens NEW = new OAuthTokens(
            "sk-ant-oat01-new-access", "sk-ant-ort01-new-refresh", 1900000000000L, List.of("user:inference"), true);

    @TempDir
    Path home;

    private Path cliFile(String mode) throws IOException {
        Path file = Files.createDirectories(home.resolve(".claude")).resolve(".credentials.json");
        Files.writeString(file, CLI_FILE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void isReadAsAnOAuthAccountWithItsSubscription() throws IOException {
        Path file = cliFile("rw-------");

        Account account = new CredentialFileReader().read(file, "claude-cli", false);

        assertThat(new CredentialFileReader().formatOf(file)).isEqualTo(CredentialFormat.CLAUDE_CLI);
        assertThat(account.isOAuth()).isTrue();
        assertThat(account.name()).isEqualTo("claude-cli");
        assertThat(account.accountId()).isEqualTo("claude-cli");
        assertThat(account.flat()).isFalse();
        assertThat(account.clientKeyDigest()).isNull();
        assertThat(account.oauth().accessToken()).isEqualTo("sk-ant-oat01-cli-made-up-access-token-0000");
        assertThat(account.oauth().refreshToken()).isEqualTo("sk-ant-ort01-cli-made-up-refresh-token-0000");
        assertThat(account.oauth().expiresAt()).isEqualTo(1800000000000L);
        assertThat(account.oauth().scopes()).containsExactly("user:inference", "user:profile");
        assertThat(account.oauth().subscriptionType()).isEqualTo("max");
        assertThat(account.oauth().isMax()).isTrue();
    }

    @Test
    void inTheCredentialsDirectoryItNeedsAnAccountName() throws IOException {
        Path file = cliFile("rw-------");
        Path copied = Files.copy(
                file, Files.createDirectories(home.resolve("accounts")).resolve("work.credentials.json"));

        assertThat(new CredentialFileReader().read(copied).oauth().subscriptionType())
                .isEqualTo("max");
        assertThatThrownBy(() -> new CredentialFileReader().read(file))
                .isInstanceOf(InvalidCredentialFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("needs a name");
    }

    @Test
    void aMistypedFieldNamesTheFileAndTheFieldButNoToken() throws IOException {
        Path file = Files.writeString(
                home.resolve("credentials.json"),
                "{\"claudeAiOauth\":{\"accessToken\":42,\"refreshToken\":\"sk-ant-ort01-secret-value\"}}");

        assertThatThrownBy(() -> new CredentialFileReader().read(file, "claude-cli", false))
                .isInstanceOf(InvalidCredentialFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("\"accessToken\" must be a string")
                .hasMessageNotContaining("secret-value");
    }

    @Test
    void newTokensGoIntoClaudeAiOauthAndEveryOtherKeyStays() throws IOException {
        Path file = cliFile("rw-------");

        new CredentialFileWriter().writeTokens(file, NEW);

        JsonObject written =
                Json.createReader(new StringReader(Files.readString(file))).readObject();
        assertThat(written.keySet()).containsExactly("claudeAiOauth", "mcpOAuth");
        assertThat(written.containsKey("oauth")).isFalse();
        JsonObject oauth = written.getJsonObject("claudeAiOauth");
        assertThat(oauth.keySet())
                .containsExactly(
                        "accessToken", "refreshToken", "expiresAt", "scopes", "subscriptionType", "rateLimitTier");
        assertThat(oauth.getString("accessToken")).isEqualTo("sk-ant-oat01-new-access");
        assertThat(oauth.getString("refreshToken")).isEqualTo("sk-ant-ort01-new-refresh");
        assertThat(oauth.getJsonNumber("expiresAt").longValue()).isEqualTo(1900000000000L);
        assertThat(oauth.getString("subscriptionType")).isEqualTo("max");
        assertThat(oauth.getString("rateLimitTier")).isEqualTo("default_claude_max_20x");
        assertThat(written.getJsonObject("mcpOAuth").toString())
                .isEqualTo("{\"some-server\":{\"accessToken\":\"not-ours\"}}");
        assertThat(new CredentialFileReader().formatOf(file)).isEqualTo(CredentialFormat.CLAUDE_CLI);
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    @Test
    void aStricterModeIsKeptAndAWiderOneNarrowedTo0600() throws IOException {
        Path readOnly = cliFile("r--------");
        new CredentialFileWriter().writeTokens(readOnly, NEW);
        assertThat(mode(readOnly)).isEqualTo("r--------");
        assertThat(new CredentialFileReader().read(readOnly, "x", false).oauth().accessToken())
                .isEqualTo("sk-ant-oat01-new-access");

        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rw-r--r--"));
        new CredentialFileWriter().writeTokens(readOnly, NEW);
        assertThat(mode(readOnly)).isEqualTo("rw-------");
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}

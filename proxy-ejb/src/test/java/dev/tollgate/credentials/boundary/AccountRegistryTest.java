package dev.tollgate.credentials.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.credentials.entity.Account;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry with Claude CLI credentials beside the credentials directory's files. */
class AccountRegistryTest {

    @TempDir
    Path temporary;

    private AccountRegistry registry(String claudeCliSetting) throws IOException {
        AccountRegistry cut = new AccountRegistry();
        cut.credentialsDirectory =
                Files.createDirectories(temporary.resolve("credentials")).toString();
        cut.claudeCliCredentials = Optional.ofNullable(claudeCliSetting);
        cut.home = temporary.resolve("home").toString();
        return cut;
    }

    private Path cliFile(Path file, String accessToken) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(
                file,
                "{\"claudeAiOauth\":{\"accessToken\":\"" + accessToken + "\",\"refreshToken\":\"sk-ant-ort01-r\","
                        + "\"expiresAt\":1800000000000,\"scopes\":[\"user:inference\"],\"subscriptionType\":\"pro\"}}");
    }

    @Test
    void aConfiguredClaudeCliFileIsAnAccountOfItsName() throws IOException {
        Path file = cliFile(temporary.resolve("elsewhere/credentials.json"), "sk-ant-oat01-work");
        AccountRegistry cut = registry("work=" + file);
        Files.writeString(
                Path.of(cut.credentialsDirectory).resolve("team.credentials.json"),
                "{\"type\":\"api_key\",\"api_key\":\"sk-ant-api03-team\"}");

        cut.load();

        assertThat(cut.accounts()).extracting(Account::name).containsExactly("team", "work");
        Account work = cut.accountNamed("work").orElseThrow();
        assertThat(work.isOAuth()).isTrue();
        assertThat(work.flat()).isFalse();
        assertThat(work.source()).isEqualTo(file);
        assertThat(work.oauth().accessToken()).isEqualTo("sk-ant-oat01-work");
        assertThat(cut.domainAccount("work")).isEmpty();
    }

    @Test
    void autoPicksUpALoginMadeAfterTheStartAndNewTokensInTheFile() throws IOException {
        AccountRegistry cut = registry("auto");
        cut.load();
        assertThat(cut.accounts()).isEmpty();

        Path file = cliFile(temporary.resolve("home/.claude/.credentials.json"), "sk-ant-oat01-first");
        cut.rescan();
        assertThat(cut.accountNamed("claude-cli").orElseThrow().oauth().accessToken())
                .isEqualTo("sk-ant-oat01-first");

        cliFile(file, "sk-ant-oat01-second-and-longer");
        cut.rescan();
        assertThat(cut.accountNamed("claude-cli").orElseThrow().oauth().accessToken())
                .isEqualTo("sk-ant-oat01-second-and-longer");
    }

    @Test
    void aNameTakenByACredentialFileKeepsThatFileAndABadSettingKeepsTheDirectory() throws IOException {
        Path file = cliFile(temporary.resolve("cli.json"), "sk-ant-oat01-cli");
        AccountRegistry cut = registry("team=" + file);
        Files.writeString(
                Path.of(cut.credentialsDirectory).resolve("team.credentials.json"),
                "{\"type\":\"api_key\",\"api_key\":\"sk-ant-api03-team\"}");
        cut.load();
        assertThat(cut.accounts()).hasSize(1);
        assertThat(cut.accountNamed("team").orElseThrow().isOAuth()).isFalse();

        AccountRegistry broken = registry("../x=" + file);
        broken.load();
        assertThat(broken.accounts()).extracting(Account::name).containsExactly("team");
    }
}

package dev.tollgate.credentials.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.credentials.control.ClaudeCliCredentials.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code CLAUDE_CLI_CREDENTIALS}: which files become which accounts. */
class ClaudeCliCredentialsTest {

    @TempDir
    Path home;

    @Test
    void anEntryWithoutANameIsTheAccountClaudeCliAndTildeIsTheHome() {
        assertThat(ClaudeCliCredentials.parse("~/.claude/.credentials.json", home))
                .containsExactly(new Source("claude-cli", home.resolve(".claude/.credentials.json")));
        assertThat(ClaudeCliCredentials.parse(" work=/srv/a/credentials.json , home=~/b.json ,", home))
                .containsExactly(
                        new Source("work", Path.of("/srv/a/credentials.json")),
                        new Source("home", home.resolve("b.json")));
        assertThat(ClaudeCliCredentials.parse("", home)).isEmpty();
        assertThat(ClaudeCliCredentials.parse(null, home)).isEmpty();
    }

    @Test
    void autoFindsTheFirstWellKnownFileAtEachLook() throws IOException {
        Source auto = ClaudeCliCredentials.parse("auto", home).get(0);
        assertThat(auto.name()).isEqualTo("claude-cli");
        assertThat(auto.resolve(home)).isEmpty();

        Path config = Files.createDirectories(home.resolve(".config/claude")).resolve("credentials.json");
        Files.writeString(config, "{}");
        assertThat(auto.resolve(home)).contains(config);

        Path dotClaude = Files.createDirectories(home.resolve(".claude")).resolve("credentials.json");
        Files.writeString(dotClaude, "{}");
        assertThat(auto.resolve(home)).contains(dotClaude);

        Path claudeCode = home.resolve(".claude/.credentials.json");
        Files.writeString(claudeCode, "{}");
        assertThat(auto.resolve(home)).contains(claudeCode);
    }

    @Test
    void badEntriesAreNamed() {
        assertThatThrownBy(() -> ClaudeCliCredentials.parse("a.json,b.json", home))
                .hasMessageContaining("'claude-cli' is used twice");
        assertThatThrownBy(() -> ClaudeCliCredentials.parse("../x=a.json", home))
                .hasMessageContaining("account name '../x'");
        assertThatThrownBy(() -> ClaudeCliCredentials.parse("work=", home)).hasMessageContaining("'work=' has no path");
    }
}

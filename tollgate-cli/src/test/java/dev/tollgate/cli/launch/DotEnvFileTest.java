package dev.tollgate.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotEnvFileTest {

    @TempDir
    Path directory;

    @Test
    void readsTheFormsCcproxyUsersWrite() throws IOException {
        Path file = Files.writeString(
                directory.resolve(".env"),
                """
                # CCProxy's guide: echo "SECURITY__AUTH_TOKEN=your-secret-token-here" >> .env
                SECURITY__AUTH_TOKEN=your-secret-token-here

                export DASHBOARD_API_KEY = "dash key with \\"quotes\\" and a # inside"
                SLACK_CHANNEL='#alerts'   # a comment after the quotes
                TOLLGATE_HEAP=768m # a comment
                RETENTION_DAYS=
                API_KEY_SALT=a#b
                DEBUG=false
                DEBUG=true
                """);

        Map<String, String> variables = DotEnvFile.read(file);

        assertThat(variables)
                .containsExactly(
                        Map.entry("SECURITY__AUTH_TOKEN", "your-secret-token-here"),
                        Map.entry("DASHBOARD_API_KEY", "dash key with \"quotes\" and a # inside"),
                        Map.entry("SLACK_CHANNEL", "#alerts"),
                        Map.entry("TOLLGATE_HEAP", "768m"),
                        Map.entry("RETENTION_DAYS", ""),
                        Map.entry("API_KEY_SALT", "a#b"),
                        Map.entry("DEBUG", "true"));
    }

    @Test
    void noFileIsNoVariables() {
        assertThat(DotEnvFile.read(directory.resolve(".env"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "sk-ant-api03-pasted-secret-without-a-name | expected NAME=value",
                "SECURITY-AUTH=sk-ant-api03-pasted-secret | the name before '=' is not a variable name",
                "9LIVES=sk-ant-api03-pasted-secret | the name before '=' is not a variable name",
                "TOKEN=\"sk-ant-api03-pasted-secret | double quote is not closed",
                "TOKEN='sk-ant-api03-pasted-secret | single quote is not closed",
                "TOKEN=\"sk-ant-api03-pasted\"-secret | unexpected text after the closing quote"
            })
    void aMalformedLineIsAnErrorNamingTheFileAndLineButNotItsText(String badLine, String problem) {
        Path file = directory.resolve(".env");
        List<String> lines = List.of("# settings", "DEBUG=true", badLine, "STORAGE_ENABLED=true");

        assertThatThrownBy(() -> DotEnvFile.parse(file, lines))
                .isInstanceOf(InvalidDotEnvException.class)
                .hasMessageStartingWith(file + " line 3: ")
                .hasMessageContaining(problem)
                .hasMessageNotContaining("pasted");
    }
}

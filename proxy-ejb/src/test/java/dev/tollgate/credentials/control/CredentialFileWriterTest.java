package dev.tollgate.credentials.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.credentials.entity.OAuthTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialFileWriterTest {

    static final String ORIGINAL = "{\"type\":\"oauth\",\"accountId\":\"acc_x\",\"client_api_key\":\"cnp_live_keep\","
            + "\"custom\":{\"team\":\"alpha\"},\"oauth\":{\"accessToken\":\"sk-ant-oat01-old\",\"refreshToken\":"
            + "\"sk-ant-ort01-old\",\"expiresAt\":1000,\"scopes\":[\"user:inference\"],\"isMax\":true}}";

    static final OAuthTokens NEW =
            new OAuthTokens("sk-ant-oat01-new", "sk-ant-ort01-new", 2000, List.of("user:inference"), true);

    @TempDir
    Path directory;

    @Test
    void newTokensReplaceTheOldOnesAndEverythingElseIsKept() throws IOException {
        Path file = Files.writeString(directory.resolve("x.credentials.json"), ORIGINAL);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        new CredentialFileWriter().writeTokens(file, NEW);

        var account = new CredentialFileReader().read(file);
        assertThat(account.oauth().accessToken()).isEqualTo("sk-ant-oat01-new");
        assertThat(account.oauth().refreshToken()).isEqualTo("sk-ant-ort01-new");
        assertThat(account.oauth().expiresAt()).isEqualTo(2000);
        assertThat(account.oauth().isMax()).isTrue();
        assertThat(account.accountId()).isEqualTo("acc_x");
        assertThat(account.clientKeyDigest()).isEqualTo(KeyDigests.sha256("cnp_live_keep"));
        assertThat(Files.readString(file)).contains("\"team\": \"alpha\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(leftovers()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"created", "written", "forced", "renamed"})
    void aCrashAtAnyStepLeavesEitherTheOldOrTheNewFileNeverABrokenOne(String crashAfter) throws IOException {
        Path file = Files.writeString(directory.resolve("x.credentials.json"), ORIGINAL);
        CredentialFileWriter crashing = new CredentialFileWriter(step -> {
            if (step.equals(crashAfter)) {
                throw new IOException("simulated crash after " + step);
            }
        });

        assertThatThrownBy(() -> crashing.writeTokens(file, NEW)).hasMessageContaining("simulated crash");

        String token = new CredentialFileReader().read(file).oauth().accessToken();
        assertThat(token).isEqualTo(crashAfter.equals("renamed") ? "sk-ant-oat01-new" : "sk-ant-oat01-old");
        // and no half-written temporary file is left to be mistaken for a credential file
        assertThat(leftovers()).isEmpty();
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(path -> !path.getFileName().toString().equals("x.credentials.json"))
                    .toList();
        }
    }
}

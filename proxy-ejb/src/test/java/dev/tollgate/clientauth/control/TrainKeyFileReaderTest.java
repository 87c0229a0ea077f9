package dev.tollgate.clientauth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.clientauth.entity.ClientKey;
import dev.tollgate.credentials.control.InvalidCredentialFileException;
import dev.tollgate.credentials.control.KeyDigests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainKeyFileReaderTest {

    @TempDir
    Path directory;

    final TrainKeyFileReader cut = new TrainKeyFileReader();

    @Test
    void readsTheSeedFormatAndABareArray() throws Exception {
        Path object = Files.writeString(
                directory.resolve("alpha.client-keys.json"), "{ \"keys\": [\"cnp_live_one\", \"cnp_live_two\"] }");
        Path array = Files.writeString(directory.resolve("beta.client-keys.json"), "[\"cnp_live_three\"]");

        List<ClientKey> alpha = cut.read(object);
        assertThat(alpha).hasSize(2);
        assertThat(alpha.get(0).digest()).isEqualTo(KeyDigests.sha256("cnp_live_one"));
        assertThat(alpha.get(0).scope().trainId()).isEqualTo("alpha");
        assertThat(cut.read(array))
                .singleElement()
                .satisfies(key -> assertThat(key.scope().trainId()).isEqualTo("beta"));
    }

    @Test
    void refusesBrokenFilesWithoutShowingTheirKeys() throws Exception {
        Path notJson = Files.writeString(directory.resolve("a.client-keys.json"), "{\"keys\": [\"cnp_live_secret\"");
        Path wrongShape = Files.writeString(directory.resolve("b.client-keys.json"), "{\"key\": \"cnp_live_secret\"}");
        Path notStrings = Files.writeString(directory.resolve("c.client-keys.json"), "{\"keys\": [42]}");
        Path badName = Files.writeString(directory.resolve("..hidden.client-keys.json"), "[\"cnp_live_secret\"]");
        for (Path file : List.of(notJson, wrongShape, notStrings, badName)) {
            assertThatThrownBy(() -> cut.read(file))
                    .isInstanceOf(InvalidCredentialFileException.class)
                    .hasMessageContaining(file.getFileName().toString())
                    .hasMessageNotContaining("cnp_live_secret");
        }
    }
}

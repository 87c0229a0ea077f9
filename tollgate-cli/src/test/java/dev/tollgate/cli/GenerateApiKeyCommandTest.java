package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GenerateApiKeyCommandTest {

    @Test
    void keysHaveTheSeedFormatAndAreNeverRepeated() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = GenerateApiKeyCommand.newKey(false);
            assertThat(key).matches("cnp_live_[A-Za-z0-9_-]{43}");
            keys.add(key);
        }
        assertThat(keys).hasSize(1000);
        assertThat(GenerateApiKeyCommand.newKey(true)).matches("cnp_test_[A-Za-z0-9_-]{43}");
    }

    @Test
    void theCommandPrintsTheAskedNumberOfKeys() {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true));
        try {
            int exit = new CommandLine(new TollgateCli()).execute("generate-api-key", "--test", "-n", "3");
            assertThat(exit).isZero();
        } finally {
            System.setOut(original);
        }
        assertThat(printed.toString().trim().split("\\R")).hasSize(3).allMatch(line -> line.startsWith("cnp_test_"));
    }

    @Test
    void aCountOutOfRangeIsRefused() {
        assertThat(new CommandLine(new TollgateCli()).execute("generate-api-key", "-n", "0"))
                .isEqualTo(2);
    }
}

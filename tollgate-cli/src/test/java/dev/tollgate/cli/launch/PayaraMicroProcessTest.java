package dev.tollgate.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PayaraMicroProcessTest {

    @Test
    void theHeapAndFurtherJvmOptionsComeFromTheSettingsGivenToTollgate() {
        assertThat(PayaraMicroProcess.jvmOptions(
                        Map.of("TOLLGATE_HEAP", "1g", "TOLLGATE_JAVA_OPTS", "  -XX:+UseParallelGC   -Xss512k ")))
                .containsExactly("-Xmx1g", "-XX:+UseParallelGC", "-Xss512k");
    }

    @Test
    void withoutSettingsTheHeapIsBounded() {
        // unless this test's own environment sets them: then they must win, as for ./tollgate run
        String heap = System.getenv().getOrDefault("TOLLGATE_HEAP", "512m");
        assertThat(PayaraMicroProcess.jvmOptions(Map.of())).startsWith("-Xmx" + heap);
    }
}

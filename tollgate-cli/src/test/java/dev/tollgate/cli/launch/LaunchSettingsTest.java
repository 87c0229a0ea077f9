package dev.tollgate.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchSettingsTest {

    private final LaunchSettings cut = new LaunchSettings(
            Map.of("SECURITY__AUTH_TOKEN", "from-the-environment", "PATH", "/usr/bin"),
            Map.of("SECURITY__AUTH_TOKEN", "from-the-file", "DASHBOARD_API_KEY", "file-only"));

    @Test
    void theEnvironmentWinsOverTheFile() {
        assertThat(cut.get("SECURITY__AUTH_TOKEN")).isEqualTo("from-the-environment");
        assertThat(cut.get("DASHBOARD_API_KEY")).isEqualTo("file-only");
        assertThat(cut.get("DATABASE_URL")).isNull();
        assertThat(cut.getOrDefault("DATABASE_URL", "embedded")).isEqualTo("embedded");
    }

    @Test
    void onlyWhatTheEnvironmentLacksIsAddedAndTheOverriddenNamesAreKnown() {
        assertThat(cut.fromDotEnvOnly()).containsExactly(Map.entry("DASHBOARD_API_KEY", "file-only"));
        assertThat(cut.overriddenByEnvironment()).containsExactly("SECURITY__AUTH_TOKEN");
    }
}

package dev.tollgate.credentials.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.credentials.entity.Account;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code slack} block of a credential file, as Claude Nexus Proxy writes it. */
class SlackBlockTest {

    private static final String WEBHOOK = "https://hooks.slack.com/services/T0000/B0000/" + "XyZsecretTokenAbc1234";

    private final CredentialFileReader cut = new CredentialFileReader();
    private final List<String> warnings = new ArrayList<>();
    private final Logger log = Logger.getLogger(CredentialFileReader.class.getName());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            warnings.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @TempDir
    Path directory;

    @BeforeEach
    void listen() {
        log.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(handler);
    }

    private Account read(String slack) throws IOException {
        Path file = Files.writeString(
                directory.resolve("team.credentials.json"),
                "{\"type\":\"api_key\",\"accountId\":\"acc_team\",\"api_key\":\"sk-ant-api03-team-key-0123456789\""
                        + (slack == null ? "" : ",\"slack\":" + slack) + "}");
        return cut.read(file);
    }

    @Test
    void theSeedBlockIsKeptWithEveryField() throws IOException {
        Account account = read("{\"webhook_url\":\"" + WEBHOOK + "\",\"channel\":\"#alerts\",\"username\":\"Claude"
                + " Proxy\",\"icon_emoji\":\":robot_face:\",\"enabled\":true}");

        assertThat(account.slack().url()).hasToString(WEBHOOK);
        assertThat(account.slack().channel()).isEqualTo("#alerts");
        assertThat(account.slack().username()).isEqualTo("Claude Proxy");
        assertThat(account.slack().iconEmoji()).isEqualTo(":robot_face:");
        assertThat(account.alertWebhook()).contains(account.slack());
        assertThat(warnings).isEmpty();
    }

    @Test
    void onlyTheUrlIsNeededAndEnabledIsTheDefault() throws IOException {
        Account account = read("{\"webhook_url\":\"" + WEBHOOK + "\"}");

        assertThat(account.alertWebhook()).isPresent();
        assertThat(account.slack().channel()).isNull();
        assertThat(account.slack().username()).isNull();
    }

    @Test
    void aDisabledBlockIsKeptButSendsNothing() throws IOException {
        Account account = read("{\"webhook_url\":\"" + WEBHOOK + "\",\"enabled\":false}");

        assertThat(account.slack()).isNotNull();
        assertThat(account.alertWebhook()).isEmpty();
    }

    @Test
    void aFileWithoutTheBlockHasNoWebhook() throws IOException {
        Account account = read(null);

        assertThat(account.slack()).isNull();
        assertThat(account.alertWebhook()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"https://hooks.slack.com/x\"",
                "{}",
                "{\"webhook_url\":42}",
                "{\"webhook_url\":\"not a url at all\"}",
                "{\"webhook_url\":\"ftp://hooks.slack.com/services/T0/B0/secretsecret\"}",
                "{\"webhook_url\":\"/services/T0/B0/secretsecret\"}",
                "{\"webhook_url\":\"" + WEBHOOK + "\",\"enabled\":\"yes\"}",
                "{\"webhook_url\":\"" + WEBHOOK + "\",\"channel\":[\"#a\"]}"
            })
    void aBrokenBlockCostsTheAccountOnlyItsWebhookAndIsReportedWithoutTheUrl(String slack) throws IOException {
        Account account = read(slack);

        assertThat(account.name()).isEqualTo("team");
        assertThat(account.apiKey()).isEqualTo("sk-ant-api03-team-key-0123456789");
        assertThat(account.slack()).isNull();
        assertThat(warnings).singleElement().satisfies(warning -> assertThat(warning)
                .contains("team.credentials.json", "\"slack\"", "SLACK_WEBHOOK_URL")
                .doesNotContain("secret", "XyZ"));
    }

    @Test
    void theWebhookUrlIsASecretAndNeverPrinted() throws IOException {
        Account account = read("{\"webhook_url\":\"" + WEBHOOK + "\"}");

        assertThat(account.slack().maskedUrl()).isEqualTo("https://hooks.slack.com/****1234");
        assertThat(account.slack().toString()).doesNotContain("XyZsecret", "T0000");
        assertThat(account.toString()).doesNotContain("XyZsecret", "T0000");
    }
}

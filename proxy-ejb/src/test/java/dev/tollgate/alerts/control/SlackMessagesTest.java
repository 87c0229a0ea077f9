package dev.tollgate.alerts.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.alerts.entity.Alert;
import dev.tollgate.alerts.entity.AlertKind;
import dev.tollgate.credentials.entity.SlackWebhook;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlackMessagesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T01:30:00Z");
    private static final SlackWebhook BARE =
            SlackWebhook.of("https://hooks.slack.com/services/T1/B1/secretsecretsecret", null, null, null, true);

    private static final Alert ALERT = new Alert(
            AlertKind.RELOGIN_REQUIRED, "max", "OAuth account `max` needs a new login", "Fix: run `x`.", "max");

    private static JsonObject parse(String json) {
        return JSON.createReader(new StringReader(json)).readObject();
    }

    @Test
    void aFirstMessageIsEmojiTitleAndDetails() {
        String text = SlackMessages.text(ALERT, new AlertRateLimiter.Pass(0, null), NOW);

        assertThat(text).isEqualTo(":rotating_light: *Tollgate: OAuth account `max` needs a new login*\nFix: run `x`.");
    }

    @Test
    void theNextMessageSaysHowManyWereHeldBackSinceWhen() {
        String text =
                SlackMessages.text(ALERT, new AlertRateLimiter.Pass(4_312, Instant.parse("2026-12-02T01:02:33Z")), NOW);

        assertThat(text)
                .startsWith(":rotating_light: *Tollgate: OAuth account `max` needs a new login* (and 4,312 more"
                        + " since 01:02 UTC)\n");
    }

    @Test
    void heldBackSinceAnotherDayShowsTheDate() {
        assertThat(SlackMessages.time(Instant.parse("2026-12-01T23:59:00Z"), NOW))
                .isEqualTo("2026-12-01 23:59 UTC");
        assertThat(SlackMessages.time(Instant.parse("2026-12-02T00:00:00Z"), NOW))
                .isEqualTo("00:00 UTC");
    }

    @Test
    void namesCannotBecomeLinksOrMentionsAndTokensAreMasked() {
        Alert hostile = new Alert(
                AlertKind.REFRESH_FAILED,
                "x",
                "account `<!channel>` & <https://evil.example|click>",
                "reason: refresh token sk-ant-ort01-" + "abcdefghijklmnopqrstuvwxyz0123456789 refused",
                null);

        String text = SlackMessages.text(hostile, new AlertRateLimiter.Pass(0, null), NOW);

        assertThat(text)
                .contains("&lt;!channel&gt;", "&amp; &lt;https://evil.example|click&gt;")
                .doesNotContain("<", ">", "abcdefghijklmnopqrstuvwxyz");
    }

    @Test
    void thePayloadIsSlackIncomingWebhookJsonWithOnlyTheFieldsSet() {
        JsonObject bare = parse(SlackMessages.payload("hello \"world\"\nline 2", BARE));
        assertThat(bare.keySet()).containsExactly("text");
        assertThat(bare.getString("text")).isEqualTo("hello \"world\"\nline 2");

        SlackWebhook full = SlackWebhook.of(
                "https://hooks.slack.com/services/T1/B1/secretsecretsecret",
                "#alerts",
                "Claude Proxy",
                ":robot_face:",
                true);
        JsonObject payload = parse(SlackMessages.payload("hi", full));
        assertThat(payload.getString("text")).isEqualTo("hi");
        assertThat(payload.getString("channel")).isEqualTo("#alerts");
        assertThat(payload.getString("username")).isEqualTo("Claude Proxy");
        assertThat(payload.getString("icon_emoji")).isEqualTo(":robot_face:");
        assertThat(payload.toString()).doesNotContain("secret");
    }
}

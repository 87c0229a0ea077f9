package dev.tollgate.alerts.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.alerts.entity.Alert;
import dev.tollgate.credentials.entity.SlackWebhook;
import dev.tollgate.journal.control.SecretMasking;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * An alert as the text and the JSON body of a Slack incoming webhook: {@code {"text": ...}} with the
 * optional {@code channel}, {@code username} and {@code icon_emoji}, which Slack-compatible
 * receivers (Mattermost, Rocket.Chat, ...) accept as well.
 */
public final class SlackMessages {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_AND_TIME = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private SlackMessages() {}

    /**
     * The message: emoji and title, what was held back since the last one, then the details. Masked
     * once more (a reason passed on from elsewhere could hold a token) and escaped as Slack wants
     * ({@code &}, {@code <}, {@code >}), so names cannot turn into links or mentions.
     */
    public static String text(Alert alert, AlertRateLimiter.Pass pass, Instant now) {
        StringBuilder text = new StringBuilder()
                .append(alert.kind().emoji())
                .append(" *Tollgate: ")
                .append(alert.title())
                .append('*');
        if (pass.suppressed() > 0) {
            text.append(" (and ")
                    .append(String.format(Locale.ENGLISH, "%,d", pass.suppressed()))
                    .append(" more since ")
                    .append(time(pass.since(), now))
                    .append(')');
        }
        text.append('\n').append(alert.details());
        return escape(SecretMasking.maskText(text.toString()));
    }

    public static String payload(String text, SlackWebhook target) {
        JsonObjectBuilder payload = JSON.createObjectBuilder().add("text", text);
        if (target.channel() != null) {
            payload.add("channel", target.channel());
        }
        if (target.username() != null) {
            payload.add("username", target.username());
        }
        if (target.iconEmoji() != null) {
            payload.add("icon_emoji", target.iconEmoji());
        }
        return payload.build().toString();
    }

    /** {@code 01:02 UTC}, with the date when it was not today. */
    static String time(Instant at, Instant now) {
        boolean today = at.atOffset(ZoneOffset.UTC)
                .toLocalDate()
                .equals(now.atOffset(ZoneOffset.UTC).toLocalDate());
        return (today ? TIME : DATE_AND_TIME).format(at);
    }

    /** Slack's three control characters, as its message formatting documentation asks. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package dev.tollgate.credentials.entity;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where alerts go in Slack (or a Slack-compatible receiver such as Mattermost): the {@code slack}
 * block of a credential file, as Claude Nexus Proxy has it, or the global {@code SLACK_WEBHOOK_URL}.
 *
 * <p>The URL of an incoming webhook is a credential (its path is the token that lets anyone post
 * to the channel): {@link #toString} and {@link #maskedUrl} show only its scheme, host and last
 * four characters.
 *
 * @param url the incoming webhook, http or https
 * @param channel a channel overriding the webhook's own ({@code #alerts}), or null
 * @param username the name the messages are posted under, or null
 * @param iconEmoji the emoji shown as the poster's icon ({@code :robot_face:}), or null
 * @param enabled false keeps the block in the file but sends nothing to it
 */
public record SlackWebhook(URI url, String channel, String username, String iconEmoji, boolean enabled) {

    public SlackWebhook {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
            // the URL itself is a secret: the message must not repeat it
            throw new IllegalArgumentException("the webhook URL must be an absolute http or https URL with a host");
        }
        channel = blankToNull(channel);
        username = blankToNull(username);
        iconEmoji = blankToNull(iconEmoji);
    }

    /**
     * @throws IllegalArgumentException for a text that is no usable webhook URL; the message does
     *     not repeat the text
     */
    public static SlackWebhook of(String url, String channel, String username, String iconEmoji, boolean enabled) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the webhook URL is missing");
        }
        try {
            return new SlackWebhook(new URI(url.trim()), channel, username, iconEmoji, enabled);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the webhook URL is not a valid URL");
        }
    }

    /** {@code https://hooks.slack.com/****wxyz}: enough to tell two webhooks apart, never enough to post. */
    public String maskedUrl() {
        String secret = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String tail = secret.length() >= 16 ? secret.substring(secret.length() - 4) : "";
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + "/****"
                + tail;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** Never prints the URL's path: records end up in logs. */
    @Override
    public String toString() {
        return "SlackWebhook[" + maskedUrl() + ", channel=" + channel + ", username=" + username + ", iconEmoji="
                + iconEmoji + ", enabled=" + enabled + "]";
    }
}

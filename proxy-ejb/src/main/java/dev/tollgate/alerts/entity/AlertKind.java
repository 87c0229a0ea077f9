package dev.tollgate.alerts.entity;

/** What an alert is about; each kind is rate-limited on its own, per subject. */
public enum AlertKind {
    RELOGIN_REQUIRED(":rotating_light:"),
    REFRESH_FAILED(":warning:"),
    AUTH_FAILURE_SPIKE(":warning:"),
    QUOTA_EXHAUSTED(":warning:"),
    JOURNAL_SPILLING(":warning:"),
    JOURNAL_LOSING_RECORDS(":rotating_light:"),
    JOURNAL_RECOVERED(":white_check_mark:");

    private final String emoji;

    AlertKind(String emoji) {
        this.emoji = emoji;
    }

    /** Slack's short code in front of the message, so a channel shows at a glance what is urgent. */
    public String emoji() {
        return emoji;
    }
}

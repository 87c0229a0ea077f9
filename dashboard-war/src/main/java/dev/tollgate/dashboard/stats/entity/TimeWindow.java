package dev.tollgate.dashboard.stats.entity;

import java.time.Duration;
import java.time.Instant;

/**
 * A stretch of the journal up to now and the width of the buckets its figures are drawn in: about
 * 12 to 48 points whatever the length, so a chart of a month is as readable as one of an hour.
 */
public record TimeWindow(Instant since, Duration bucket) {

    /** The longest window: a year and a day, the journal's practical horizon. */
    public static final int MAX_HOURS = 24 * 366;

    public static TimeWindow lastHours(int hours, Instant now) {
        if (hours < 1 || hours > MAX_HOURS) {
            throw new IllegalArgumentException("hours must be between 1 and " + MAX_HOURS);
        }
        Duration bucket;
        if (hours <= 1) {
            bucket = Duration.ofMinutes(5);
        } else if (hours <= 48) {
            bucket = Duration.ofHours(1);
        } else if (hours <= 24 * 14) {
            bucket = Duration.ofHours(6);
        } else {
            bucket = Duration.ofDays(1);
        }
        return new TimeWindow(now.minus(Duration.ofHours(hours)), bucket);
    }

    /** How the page names the buckets: "5-minute", "1-hour", "6-hour", "1-day". */
    public String bucketName() {
        long minutes = bucket.toMinutes();
        if (minutes < 60) {
            return minutes + "-minute";
        }
        return minutes % (24 * 60) == 0 ? minutes / (24 * 60) + "-day" : minutes / 60 + "-hour";
    }

    /** The start of the bucket that holds {@code instant}, buckets aligned on the epoch (UTC). */
    public Instant bucketOf(Instant instant) {
        long width = bucket.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), width) * width);
    }
}

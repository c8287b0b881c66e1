package io.activationhub.mock;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A post mentioning a user, as the X-style API returns it. Ids are increasing numbers (int64) as strings.
 */
public record XMention(String id, String text, String authorId, Instant createdAt,
                       int retweetCount, int replyCount, int likeCount, int quoteCount) {

    /** X's timestamp form, e.g. {@code 2026-11-20T10:15:00.000Z}. */
    static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    public XMention {
        if (id == null || !id.matches("[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("id must be a positive number of at most 19 digits");
        }
        Long.parseLong(id); // rejects values beyond int64
        Objects.requireNonNull(createdAt, "createdAt");
        createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
        text = text == null ? "" : text;
        if (retweetCount < 0 || replyCount < 0 || likeCount < 0 || quoteCount < 0) {
            throw new IllegalArgumentException("public metrics must not be negative");
        }
    }

    long numericId() {
        return Long.parseLong(id);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("text", text);
        json.put("author_id", authorId);
        json.put("created_at", CREATED_AT.format(createdAt));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("retweet_count", retweetCount);
        metrics.put("reply_count", replyCount);
        metrics.put("like_count", likeCount);
        metrics.put("quote_count", quoteCount);
        json.put("public_metrics", metrics);
        json.put("edit_history_tweet_ids", List.of(id));
        return json;
    }
}

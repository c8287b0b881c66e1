package io.activationhub.mock;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A comment or mention as the Graph-style API returns it; {@code from.username} is {@link #username()}.
 * Ordered newest first, then by id descending.
 */
public record GraphItem(String id, Instant timestamp, String text, String username, String fromId, int likeCount)
        implements Comparable<GraphItem> {

    /** Graph's timestamp form, e.g. {@code 2026-11-20T10:15:00+0000}. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx")
            .withZone(ZoneOffset.UTC);

    public GraphItem {
        Objects.requireNonNull(id, "id");
        timestamp = Objects.requireNonNull(timestamp, "timestamp").truncatedTo(ChronoUnit.SECONDS);
        text = text == null ? "" : text;
        if (likeCount < 0) {
            throw new IllegalArgumentException("likeCount must not be negative");
        }
    }

    /** Reads {@code 2026-11-20T10:15:00+0000}, {@code 2026-11-20T10:15:00+00:00} or {@code 2026-11-20T10:15:00Z}. */
    static Instant parseTimestamp(String text) {
        try {
            return OffsetDateTime.parse(text, TIMESTAMP).toInstant();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        }
    }

    @Override
    public int compareTo(GraphItem other) {
        int byTime = other.timestamp.compareTo(timestamp);
        return byTime != 0 ? byTime : other.id.compareTo(id);
    }

    /** The item as JSON, restricted to the requested fields; {@code id} is always present. */
    Map<String, Object> toJson(GraphFields fields) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        if (fields.wants("timestamp")) {
            json.put("timestamp", TIMESTAMP.format(timestamp));
        }
        if (fields.wants("text")) {
            json.put("text", text);
        }
        if (fields.wants("username")) {
            json.put("username", username);
        }
        if (fields.wants("like_count")) {
            json.put("like_count", likeCount);
        }
        if (fields.wants("from")) {
            Map<String, Object> from = new LinkedHashMap<>();
            if (fields.wantsWithin("from", "id")) {
                from.put("id", fromId);
            }
            if (fields.wantsWithin("from", "username")) {
                from.put("username", username);
            }
            json.put("from", from);
        }
        return json;
    }
}

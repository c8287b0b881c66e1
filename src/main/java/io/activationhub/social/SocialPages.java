package io.activationhub.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads the pages of the social APIs (Graph style and X API v2 style) into engagements. Plain Java. */
public final class SocialPages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SocialPages() {
    }

    /** A page of engagements and where the next one is ({@code null} on the last page). */
    public record Page(List<Engagement> items, String next, String newestId) {
    }

    /**
     * Graph style: {@code {"data":[{id,timestamp,text,username,like_count,from:{id,username}}],
     * "paging":{"cursors":{"before","after"},"next":url}}}; no {@code next} means the last page.
     */
    public static Page graph(String body, String objectId, String kind) throws IOException {
        JsonNode root = JSON.readTree(body);
        List<Engagement> items = new ArrayList<>();
        for (JsonNode d : root.path("data")) {
            String id = text(d, "id");
            if (id == null) {
                throw new IOException("an item has no id");
            }
            JsonNode from = d.path("from");
            String handle = text(from, "username") != null ? text(from, "username") : text(d, "username");
            items.add(new Engagement("graph", id, kind, objectId, text(from, "id"), handle, text(d, "text"),
                    d.path("like_count").asLong(0), instant(text(d, "timestamp"))));
        }
        JsonNode paging = root.path("paging");
        String next = paging.hasNonNull("next") ? paging.path("cursors").path("after").asText(null) : null;
        return new Page(items, next, null);
    }

    /**
     * X API v2 style: {@code {"data":[{id,text,author_id,created_at,public_metrics:{like_count,...}}],
     * "meta":{newest_id,oldest_id,result_count,next_token}}}.
     */
    public static Page x(String body, String userId) throws IOException {
        JsonNode root = JSON.readTree(body);
        List<Engagement> items = new ArrayList<>();
        for (JsonNode d : root.path("data")) {
            String id = text(d, "id");
            if (id == null) {
                throw new IOException("a mention has no id");
            }
            items.add(new Engagement("x", id, "mention", userId, text(d, "author_id"), null, text(d, "text"),
                    d.path("public_metrics").path("like_count").asLong(0), instant(text(d, "created_at"))));
        }
        JsonNode meta = root.path("meta");
        return new Page(items, meta.hasNonNull("next_token") ? meta.get("next_token").asText() : null,
                meta.hasNonNull("newest_id") ? meta.get("newest_id").asText() : null);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                // Graph writes offsets without a colon: 2026-11-20T10:15:00+0000
                return OffsetDateTime.parse(s, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")).toInstant();
            } catch (DateTimeParseException e2) {
                return Instant.parse(s);
            }
        }
    }
}

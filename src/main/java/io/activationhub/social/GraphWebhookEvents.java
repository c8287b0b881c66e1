package io.activationhub.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Graph webhook notifications: {@code {"object":..,"entry":[{"id":..,"time":..,"changes":[{"field":"comments"|"mentions",
 * "value":{"id"|"comment_id",..,"text",..,"from":{"id","username"}}}]}]}} into engagements. Other fields are ignored.
 */
public final class GraphWebhookEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GraphWebhookEvents() {
    }

    public static List<Engagement> read(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (!root.has("entry")) {
            throw new IOException("not a webhook notification: no entry");
        }
        List<Engagement> out = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            String objectId = entry.path("id").asText(null);
            Instant time = entry.hasNonNull("time") ? Instant.ofEpochSecond(entry.get("time").asLong()) : null;
            for (JsonNode change : entry.path("changes")) {
                String field = change.path("field").asText("");
                JsonNode v = change.path("value");
                String kind = switch (field) {
                    case "comments" -> "comment";
                    case "mentions" -> "mention";
                    default -> null;
                };
                String id = v.hasNonNull("id") ? v.get("id").asText() : v.path("comment_id").asText(null);
                if (kind == null || id == null) {
                    continue;
                }
                out.add(new Engagement("graph", id, kind, objectId, v.path("from").path("id").asText(null),
                        v.path("from").path("username").asText(null), v.path("text").asText(null),
                        v.path("like_count").asLong(0), time));
            }
        }
        return out;
    }
}

package io.activationhub.ads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.Set;

/**
 * What a platform's answer means for the hub: accepted (with the partner's counts), rate-limited (wait, then the same
 * request again), transient (retry with backoff) or rejected (retrying the same request cannot help).
 * Meta signals throttling with Graph codes 4, 17, 32, 613 and 80000-80014 and the {@code X-Business-Use-Case-Usage}
 * header ({@code estimated_time_to_regain_access}, minutes); Google with 429 {@code RESOURCE_EXHAUSTED}.
 */
public record AdAnswer(Kind kind, int status, Integer received, Integer invalid, String partnerRef, Duration delay,
                       String error) {

    public enum Kind { ACCEPTED, RATE_LIMITED, TRANSIENT, REJECTED }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> META_RATE_LIMIT_CODES = Set.of(4, 17, 32, 613);

    static AdAnswer unreachable(String error) {
        return new AdAnswer(Kind.TRANSIENT, 0, null, null, null, null, error);
    }

    static AdAnswer read(AdPlatform platform, AdPlatformPort.Answer answer, int rows) {
        JsonNode body = parse(answer.body());
        int status = answer.status();
        Duration retryAfter = retryAfter(answer);
        if (status >= 200 && status < 300) {
            if (platform == AdPlatform.META) {
                String ref = body.hasNonNull("session_id") ? body.get("session_id").asText()
                        : body.hasNonNull("id") ? body.get("id").asText() : null;
                return new AdAnswer(Kind.ACCEPTED, status, body.path("num_received").asInt(rows),
                        body.path("num_invalid_entries").asInt(0), ref, null, null);
            }
            return new AdAnswer(Kind.ACCEPTED, status, rows, 0, body.path("requestId").asText(null), null, null);
        }
        String error = error(platform, status, body);
        if (status == 429) {
            return new AdAnswer(Kind.RATE_LIMITED, status, null, null, null, retryAfter, error);
        }
        if (platform == AdPlatform.META) {
            int code = body.path("error").path("code").asInt(-1);
            if (META_RATE_LIMIT_CODES.contains(code) || (code >= 80000 && code <= 80014)) {
                Duration wait = retryAfter != null ? retryAfter : usageWait(answer);
                return new AdAnswer(Kind.RATE_LIMITED, status, null, null, null, wait, error);
            }
            if (code == 1 || code == 2 || code == 2650 || body.path("error").path("is_transient").asBoolean(false)) {
                return new AdAnswer(Kind.TRANSIENT, status, null, null, null, retryAfter, error);
            }
        }
        if (status >= 500 || status == 408) {
            return new AdAnswer(Kind.TRANSIENT, status, null, null, null, retryAfter, error);
        }
        return new AdAnswer(Kind.REJECTED, status, null, null, null, null, error);
    }

    private static Duration retryAfter(AdPlatformPort.Answer answer) {
        String value = answer.header("Retry-After");
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Meta's {@code X-Business-Use-Case-Usage}: {@code {"<business id>":[{"estimated_time_to_regain_access":minutes}]}}. */
    private static Duration usageWait(AdPlatformPort.Answer answer) {
        JsonNode usage = parse(answer.header("X-Business-Use-Case-Usage"));
        long minutes = 0;
        for (JsonNode entries : usage) {
            for (JsonNode entry : entries) {
                minutes = Math.max(minutes, entry.path("estimated_time_to_regain_access").asLong(0));
            }
        }
        return minutes > 0 ? Duration.ofMinutes(minutes) : null;
    }

    /** The partner's error, without anything it echoed from the request. */
    private static String error(AdPlatform platform, int status, JsonNode body) {
        JsonNode e = body.path("error");
        if (platform == AdPlatform.META) {
            return "HTTP " + status + " code " + e.path("code").asText("?")
                    + (e.has("error_subcode") ? "/" + e.get("error_subcode").asText() : "") + ": " + e.path("message").asText("");
        }
        return "HTTP " + status + " " + e.path("status").asText("") + ": " + e.path("message").asText("");
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}

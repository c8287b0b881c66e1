package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * A {@code POST /mock/{partner}/behaviour} body, read and checked before anything changes:
 * {@code {"latencyMs":500}}, {@code {"failWith":503,"times":2}},
 * {@code {"rateLimit":{"status":429,"retryAfterSeconds":2,"times":3}}}, {@code {"dropConnections":1}},
 * {@code {"reset":true}}; they may be combined. A null field is left as it is; an absent {@code times} means
 * until reset.
 */
record BehaviourSettings(boolean reset, Long latencyMs, Integer failWith, int failTimes,
                         Integer rateLimitStatus, long retryAfterSeconds, int rateLimitTimes, Integer dropConnections) {

    static final Set<String> NAMES = Set.of("latencyMs", "failWith", "times", "rateLimit", "dropConnections", "reset");

    static BehaviourSettings read(JsonNode body) {
        if (body.has("times") && !body.has("failWith")) {
            throw new BadRequest("times goes with failWith");
        }
        JsonNode limit = body.path("rateLimit");
        if (body.has("rateLimit") && !limit.isObject()) {
            throw new BadRequest("rateLimit must be an object {status, retryAfterSeconds, times}");
        }
        BehaviourSettings settings = new BehaviourSettings(
                body.path("reset").asBoolean(false),
                body.has("latencyMs") ? number(body, "latencyMs") : null,
                body.has("failWith") ? (int) number(body, "failWith") : null,
                body.has("times") ? (int) number(body, "times") : Behaviour.UNTIL_RESET,
                limit.isObject() ? (limit.has("status") ? (int) number(limit, "status") : 429) : null,
                limit.has("retryAfterSeconds") ? number(limit, "retryAfterSeconds") : 1,
                limit.has("times") ? (int) number(limit, "times") : Behaviour.UNTIL_RESET,
                body.has("dropConnections") ? (int) number(body, "dropConnections") : null);
        try {
            Behaviour.check(settings);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        return settings;
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new BadRequest(field + " must be a whole number");
        }
        return value.asLong();
    }
}

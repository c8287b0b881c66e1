package io.activationhub.mock;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Partial failures of the ad platforms: {@code POST /mock/{meta|google}/behaviour} with
 * {@code {"failBatch":{"number":2,"status":500}}} fails only the 2nd upload request (add or remove) from now on,
 * once, with the partner's own error; the others go through. This is how a partial batch failure of a large sync
 * is staged. {@code {"reset":true}} disarms it.
 */
final class AudienceUploadFaults {

    static final Set<String> SETTINGS = Set.of("failBatch");

    private int uploadsSeen;
    private int failNumber;
    private int failStatus;

    synchronized void configure(JsonNode body) {
        JsonNode fail = body.get("failBatch");
        if (fail == null) {
            return;
        }
        int number = fail.path("number").asInt(0);
        int status = fail.path("status").asInt(500);
        if (number < 1) {
            throw new BadRequest("failBatch.number must be 1 or more");
        }
        if (status < 400 || status > 599) {
            throw new BadRequest("failBatch.status must be an HTTP error status (400-599)");
        }
        uploadsSeen = 0;
        failNumber = number;
        failStatus = status;
    }

    /** Counts one upload; the status it must fail with, or 0 when it goes through. */
    synchronized int next() {
        uploadsSeen++;
        if (failNumber != 0 && uploadsSeen == failNumber) {
            failNumber = 0;
            return failStatus;
        }
        return 0;
    }

    synchronized void reset() {
        uploadsSeen = 0;
        failNumber = 0;
        failStatus = 0;
    }

    synchronized Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("uploads", uploadsSeen);
        if (failNumber != 0) {
            out.put("failBatch", Map.of("number", failNumber, "status", failStatus));
        }
        return out;
    }
}

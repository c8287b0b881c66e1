package io.activationhub.mock;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request a partner mock received. The query carries no credentials and no header is kept.
 *
 * @param status the status answered; 0 when the mock dropped the connection on purpose
 */
public record RecordedRequest(String method, String path, String query, Instant time, int status) {

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("method", method);
        json.put("path", path);
        json.put("query", query);
        json.put("time", time.toString());
        json.put("status", status);
        return json;
    }
}

package io.activationhub.mock;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Graph API error answers: {@code {"error":{"message","type":"OAuthException","code","error_subcode","fbtrace_id"}}}. */
final class GraphError {

    static final int INVALID_TOKEN = 190;
    static final int INVALID_PARAMETER = 100;
    static final int TRANSIENT = 2;
    static final int APP_RATE_LIMIT = 4;

    private static final String TRACE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private GraphError() {
    }

    static MockResponse of(int status, String message, int code, Integer subcode) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", "OAuthException");
        error.put("code", code);
        if (subcode != null) {
            error.put("error_subcode", subcode);
        }
        if (code == TRANSIENT || code == APP_RATE_LIMIT) {
            error.put("is_transient", true);
        }
        error.put("fbtrace_id", traceId());
        return MockResponse.json(status, Map.of("error", error));
    }

    static MockResponse invalidParameter(String message) {
        return of(400, "(#100) " + message, INVALID_PARAMETER, null);
    }

    private static String traceId() {
        StringBuilder id = new StringBuilder("A");
        for (int i = 0; i < 22; i++) {
            id.append(TRACE_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(TRACE_ALPHABET.length())));
        }
        return id.toString();
    }
}

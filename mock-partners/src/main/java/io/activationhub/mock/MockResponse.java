package io.activationhub.mock;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a mock answers: a status, extra headers and a JSON body (null for none). */
record MockResponse(int status, Map<String, String> headers, Object body) {

    MockResponse {
        headers = Map.copyOf(headers);
    }

    static MockResponse json(int status, Object body) {
        return new MockResponse(status, Map.of(), body);
    }

    MockResponse withHeaders(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new MockResponse(status, all, body);
    }
}

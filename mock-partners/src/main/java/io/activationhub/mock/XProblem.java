package io.activationhub.mock;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** X API v2 error answers, RFC 7807 problem style. */
final class XProblem {

    static final String INVALID_REQUEST = "https://api.twitter.com/2/problems/invalid-request";
    static final String NOT_FOUND = "https://api.twitter.com/2/problems/resource-not-found";

    private XProblem() {
    }

    static MockResponse of(int status, String title, String detail, String type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("detail", detail);
        body.put("type", type);
        body.put("status", status);
        return MockResponse.json(status, body);
    }

    /** A 400 naming the offending parameter, as X answers a bad query. */
    static MockResponse invalid(XMentionsQuery.Invalid invalid) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("parameters", Map.of(invalid.parameter(), List.of(invalid.value() == null ? "" : invalid.value())));
        error.put("message", invalid.getMessage());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errors", List.of(error));
        body.put("title", "Invalid Request");
        body.put("detail", "One or more parameters to your request was invalid.");
        body.put("type", INVALID_REQUEST);
        return MockResponse.json(400, body);
    }

    static MockResponse unauthorized() {
        return of(401, "Unauthorized", "Unauthorized", "about:blank");
    }

    static MockResponse tooManyRequests(int status) {
        return of(status, "Too Many Requests", "Too Many Requests", "about:blank");
    }

    static MockResponse failure(int status) {
        String title = switch (status) {
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 403 -> "Forbidden";
            default -> "Error";
        };
        return of(status, title, title, "about:blank");
    }
}

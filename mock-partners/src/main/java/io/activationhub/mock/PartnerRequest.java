package io.activationhub.mock;

import com.sun.net.httpserver.HttpExchange;

/**
 * A request to a partner mock, detached from the HTTP server.
 *
 * @param path    the path under the partner's prefix, e.g. {@code /v21.0/123/comments} for {@code /graph/v21.0/123/comments}
 * @param baseUrl scheme, host and prefix as the caller reached them, e.g. {@code http://127.0.0.1:8090/graph}
 * @param body    the request body as sent (UTF-8), empty when none
 * @param contentType the {@code Content-Type} header, or null
 */
record PartnerRequest(String method, String path, Query query, String authorization, String baseUrl, String body,
                      String contentType) {


    /** The fields of a form-encoded body ({@code application/x-www-form-urlencoded}), first value of each. */
    java.util.Map<String, String> formFields() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }

    PartnerRequest(String method, String path, Query query, String authorization, String baseUrl) {
        this(method, path, query, authorization, baseUrl, "", null);
    }

    /** The form fields of an {@code application/x-www-form-urlencoded} body (first value of each name). */
    Query form() {
        return Query.parse(body);
    }

    static PartnerRequest of(HttpExchange ex, String prefix) {
        return of(ex, prefix, new byte[0]);
    }

    static PartnerRequest of(HttpExchange ex, String prefix, byte[] body) {
        String fullPath = ex.getRequestURI().getPath();
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null) {
            host = ex.getLocalAddress().getHostString() + ":" + ex.getLocalAddress().getPort();
        }
        return new PartnerRequest(ex.getRequestMethod(), fullPath.substring(prefix.length()),
                Query.parse(ex.getRequestURI().getRawQuery()),
                ex.getRequestHeaders().getFirst("Authorization"), "http://" + host + prefix,
                new String(body, java.nio.charset.StandardCharsets.UTF_8), ex.getRequestHeaders().getFirst("Content-Type"));
    }
}

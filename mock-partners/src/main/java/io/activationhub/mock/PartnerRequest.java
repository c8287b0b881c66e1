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

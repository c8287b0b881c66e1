package io.activationhub.mock;

import com.sun.net.httpserver.HttpExchange;

/**
 * A request to a partner mock, detached from the HTTP server.
 *
 * @param path    the path under the partner's prefix, e.g. {@code /v21.0/123/comments} for {@code /graph/v21.0/123/comments}
 * @param baseUrl scheme, host and prefix as the caller reached them, e.g. {@code http://127.0.0.1:8090/graph}
 */
record PartnerRequest(String method, String path, Query query, String authorization, String baseUrl) {

    static PartnerRequest of(HttpExchange ex, String prefix) {
        String fullPath = ex.getRequestURI().getPath();
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null) {
            host = ex.getLocalAddress().getHostString() + ":" + ex.getLocalAddress().getPort();
        }
        return new PartnerRequest(ex.getRequestMethod(), fullPath.substring(prefix.length()),
                Query.parse(ex.getRequestURI().getRawQuery()),
                ex.getRequestHeaders().getFirst("Authorization"), "http://" + host + prefix);
    }
}

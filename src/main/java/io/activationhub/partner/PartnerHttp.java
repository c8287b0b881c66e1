package io.activationhub.partner;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Calls a partner's HTTP API through Camel's http component and gives back status, headers and body, without
 * throwing on 4xx/5xx: pollers decide themselves what a 429 or a 503 means. The HTTP client's own retries are off
 * (it would otherwise retry a 429 or 503 by itself and hide the partner's answer from the hub).
 */
@Component
public class PartnerHttp {

    /** A partner's answer; header names are lowercase. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final ProducerTemplate producer;

    public PartnerHttp(ProducerTemplate producer) {
        this.producer = producer;
    }

    public Response get(String baseUrl, String path, Map<String, String> query) {
        return get(baseUrl, path, query, Map.of());
    }

    /** GET with request headers (e.g. {@code Authorization}); never logged. */
    public Response get(String baseUrl, String path, Map<String, String> query, Map<String, String> requestHeaders) {
        String endpoint = baseUrl.replaceFirst("/+$", "") + path
                + "?throwExceptionOnFailure=false&connectionRequestTimeout=5000&connectTimeout=5000&responseTimeout=30000";
        String queryString = query.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        Exchange result = producer.request(endpoint, ex -> {
            ex.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
            ex.getIn().setHeader(Exchange.HTTP_QUERY, queryString);
            requestHeaders.forEach(ex.getIn()::setHeader);
        });
        if (result.getException() != null) {
            throw new PartnerUnavailable(baseUrl + path + ": " + result.getException().getMessage(), result.getException());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        result.getMessage().getHeaders().forEach((k, v) -> {
            if (v != null && !k.startsWith("Camel")) {
                headers.put(k.toLowerCase(Locale.ROOT), v.toString());
            }
        });
        Integer status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = result.getMessage().getBody(String.class);
        return new Response(status == null ? 0 : status, headers, body == null ? "" : body);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The partner could not be reached at all (connection refused, dropped, timed out). */
    public static class PartnerUnavailable extends RuntimeException {
        public PartnerUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

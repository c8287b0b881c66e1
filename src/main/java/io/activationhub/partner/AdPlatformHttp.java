package io.activationhub.partner;

import io.activationhub.ads.AdPlatformPort;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The ads channel's way out: hands each request to the platform's connector route ({@code direct:ads-meta},
 * {@code direct:ads-google} in {@code routes/ads.camel.yaml}, which use the Kamelets
 * {@code connectors/ads-*-audience-sink.kamelet.yaml}) and gives back the partner's answer, 4xx and 5xx included.
 * Nothing of the request (tokens, hashed identifiers) is logged.
 */
@Component
public class AdPlatformHttp implements AdPlatformPort {

    private final ProducerTemplate producer;

    public AdPlatformHttp(ProducerTemplate producer) {
        this.producer = producer;
    }

    @Override
    public Answer call(Call call) {
        Exchange result = producer.request("direct:ads-" + call.platform().id(), ex -> {
            ex.getIn().setHeader(Exchange.HTTP_METHOD, call.method());
            ex.getIn().setHeader(Exchange.HTTP_PATH, call.path());
            ex.getIn().setHeader(Exchange.CONTENT_TYPE, call.contentType() + "; charset=UTF-8");
            call.headers().forEach(ex.getIn()::setHeader);
            ex.getIn().setBody(call.body());
        });
        if (result.getException() != null) {
            Exception e = result.getException();
            throw new Unreachable(call + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        result.getMessage().getHeaders().forEach((k, v) -> {
            if (v != null && !k.startsWith("Camel") && !k.equalsIgnoreCase("Authorization")) {
                headers.put(k.toLowerCase(Locale.ROOT), v.toString());
            }
        });
        Integer status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = result.getMessage().getBody(String.class);
        return new Answer(status == null ? 0 : status, headers, body == null ? "" : body);
    }
}

package io.activationhub.infra;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camel's exchange-event timers ({@code camel_exchange_event_notifier_seconds}) carry a {@code routeId} tag when the
 * exchange came from a route, and none when the hub's own code sent it with a producer template (the social fetches,
 * the partner calls). Prometheus wants one set of tag keys per name: whichever kind was registered first won, and the
 * other was dropped with a warning at startup ("registration has failed: Prometheus requires that all meters with the
 * same name have the same set of tag keys"), so the timings of the calls to the social networks' APIs were missing
 * from {@code /actuator/prometheus}. Camel fixed it after 4.17 (CAMEL-23719); here a timer without a route gets an
 * empty {@code routeId}, which Prometheus reads as no route.
 */
@Configuration(proxyBeanMethods = false)
public class CamelMeterTags {

    static final String EXCHANGE_EVENTS = "camel.exchange.event.notifier";

    static final MeterFilter ROUTE_ID_ALWAYS = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            return EXCHANGE_EVENTS.equals(id.getName()) && id.getTag("routeId") == null
                    ? id.withTag(Tag.of("routeId", "")) : id;
        }
    };

    @Bean
    public MeterFilter camelExchangeEventsWithRouteId() {
        return ROUTE_ID_ALWAYS;
    }
}

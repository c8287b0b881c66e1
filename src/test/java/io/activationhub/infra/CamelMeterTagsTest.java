package io.activationhub.infra;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Camel's exchange timers with and without a route both reach Prometheus. */
class CamelMeterTagsTest {

    private static String scrape(PrometheusMeterRegistry registry) {
        Timer.builder(CamelMeterTags.EXCHANGE_EVENTS).tag("endpointName", "kafka://hub.feed.runs")
                .tag("routeId", "reconcile").register(registry).record(Duration.ofMillis(5));
        // what a producer template sends from the hub's own code: no route
        Timer.builder(CamelMeterTags.EXCHANGE_EVENTS).tag("endpointName", "http://127.0.0.1:8090/graph/v21.0/1/mentions")
                .register(registry).record(Duration.ofMillis(7));
        return registry.scrape();
    }

    @Test
    void aTimerWithoutRouteIsKeptBesideTheRoutesOnes() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(CamelMeterTags.ROUTE_ID_ALWAYS);
        String scrape = scrape(registry);
        assertThat(scrape).contains("endpointName=\"kafka://hub.feed.runs\"")
                .contains("endpointName=\"http://127.0.0.1:8090/graph/v21.0/1/mentions\"");
        assertThat(scrape).containsPattern("camel_exchange_event_notifier_seconds_count\\{endpointName=\"http://127.0.0.1:8090/graph/v21.0/1/mentions\",routeId=\"\"\\} 1");
    }

    @Test
    void withoutTheFilterPrometheusDropsTheSecondKind() {
        String scrape = scrape(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        assertThat(scrape).contains("endpointName=\"kafka://hub.feed.runs\"").doesNotContain("mentions");
    }
}

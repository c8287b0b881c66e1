package io.activationhub.routes;

import io.activationhub.infra.HubProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import java.util.Properties;

/** Loads {@code routes/*.camel.yaml} once Camel has started, then checks them for changes every second. */
@Configuration
public class RouteFilesConfiguration {

    private RouteFiles routeFiles;

    @Bean
    RouteFiles routeFiles(CamelContext camel, HubProperties hub) {
        routeFiles = new RouteFiles(camel, hub, new Properties());
        return routeFiles;
    }

    @Bean
    CamelContextConfiguration loadRouteFilesAfterStart(RouteFiles files) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                // routes are loaded once the context runs, so a broken file cannot stop the hub from starting
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                files.scan();
            }
        };
    }

    @Scheduled(fixedDelayString = "${hub.routes.scan-interval-ms:1000}", initialDelayString = "${hub.routes.scan-interval-ms:1000}")
    void rescan() {
        if (routeFiles != null) {
            routeFiles.scan();
        }
    }
}

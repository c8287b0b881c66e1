package io.activationhub.routes;

import io.activationhub.infra.HubProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.ObjectProvider;
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

    /**
     * Routes are loaded once the context runs, so a broken file cannot stop the hub from starting. The schedules
     * (Quartz, {@code spring.quartz.auto-startup=false}) start only then: a feed's firing missed while the hub was down
     * runs at start, and must find the feed's routes loaded.
     */
    @Bean
    CamelContextConfiguration loadRouteFilesAfterStart(RouteFiles files, ObjectProvider<Scheduler> schedules) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                files.scan();
                Scheduler scheduler = schedules.getIfAvailable();
                if (scheduler != null) {
                    try {
                        scheduler.start();
                    } catch (SchedulerException e) {
                        throw new IllegalStateException("the schedules cannot start: " + e.getMessage(), e);
                    }
                }
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

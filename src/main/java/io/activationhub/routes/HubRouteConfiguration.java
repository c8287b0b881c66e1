package io.activationhub.routes;

import io.activationhub.ingest.FeedFileRejected;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Error handling shared by every route: a file whose feed run failed is not retried (its run already says why)
 * and is not logged with a stack trace; the exception stays unhandled so the file consumer moves the file to failed/.
 */
@Component
public class HubRouteConfiguration extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        // no id: applies to every route, and Kamelets use the error handling of the route that calls them
        routeConfiguration()
                .onException(FeedFileRejected.class)
                .handled(false)
                .maximumRedeliveries(0)
                .logExhausted(false)
                .logStackTrace(false)
                .log(org.apache.camel.LoggingLevel.WARN, "File ${header.CamelFileName} moved to failed/: ${exception.message}");
    }
}

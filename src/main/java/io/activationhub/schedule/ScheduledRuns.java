package io.activationhub.schedule;

import io.activationhub.audience.AudienceActivation;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.timer.TimerConsumer;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a schedule does when it fires (or is run now):
 * <ul>
 *     <li>a feed: every running route made from a connector (Kamelet) whose {@code feed} parameter names it is
 *     triggered now: a polling source (file inbox, mailbox) sweeps its folder at once, a timer source (social, weather)
 *     polls its partner at once. Streamed feeds (Kafka) have no such route: they are consumed continuously;</li>
 *     <li>an audience: it is activated and its messages are queued on the channel, like
 *     {@code POST /api/audiences/{id}/activations}.</li>
 * </ul>
 */
@Component
public class ScheduledRuns {

    private static final Logger log = LoggerFactory.getLogger(ScheduledRuns.class);

    private final CamelContext camel;
    private final AudienceActivation activation;
    private final ProducerTemplate producer;

    public ScheduledRuns(CamelContext camel, AudienceActivation activation, ProducerTemplate producer) {
        this.camel = camel;
        this.activation = activation;
        this.producer = producer;
    }

    /** The feeds that can be triggered, with the routes that fill each (sorted by feed id). */
    public Map<String, List<String>> triggerableFeeds() {
        Map<String, List<String>> out = new TreeMap<>();
        for (RouteDefinition def : camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            Map<String, Object> params = def.getTemplateParameters();
            Object feed = params == null ? null : params.get("feed");
            Route route = camel.getRoute(def.getRouteId());
            if (feed != null && route != null && triggerable(route.getConsumer())) {
                out.computeIfAbsent(feed.toString(), f -> new ArrayList<>()).add(def.getRouteId());
            }
        }
        return out;
    }

    private static boolean triggerable(Consumer consumer) {
        return consumer instanceof ScheduledPollConsumer || consumer instanceof TimerConsumer;
    }

    /** Triggers the feed's sources now, in this thread; returns the ids of the routes triggered. */
    public List<String> runFeed(String feedId) {
        List<String> routeIds = triggerableFeeds().get(feedId);
        if (routeIds == null) {
            throw new IllegalStateException("feed '" + feedId + "' has no source to trigger (streamed feeds are consumed "
                    + "continuously)");
        }
        List<String> triggered = new ArrayList<>();
        for (String routeId : routeIds) {
            Route route = camel.getRoute(routeId);
            if (route == null || camel.getRouteController().getRouteStatus(routeId) != ServiceStatus.Started) {
                log.info("Feed {}: route {} is not running, not triggered", feedId, routeId);
                continue;
            }
            Consumer consumer = route.getConsumer();
            if (consumer instanceof ScheduledPollConsumer poll) {
                poll.run();
            } else {
                Exchange exchange = consumer.createExchange(false);
                try {
                    AsyncProcessor processor = AsyncProcessorConverterHelper.convert(consumer.getProcessor());
                    processor.process(exchange);
                    if (exchange.getException() != null) {
                        log.warn("Feed {}: triggered route {} failed: {}", feedId, routeId, exchange.getException().getMessage());
                    }
                } catch (Exception e) {
                    log.warn("Feed {}: triggered route {} failed: {}", feedId, routeId, e.getMessage());
                }
            }
            triggered.add(routeId);
        }
        log.info("Feed {} triggered: routes {}", feedId, triggered);
        return triggered;
    }

    /** Activates the audience now and queues its messages; returns the activation id. */
    public long runAudience(String audienceId, String trigger) {
        AudienceActivation.Result result = activation.activate(audienceId, trigger, false);
        for (var message : result.messages()) {
            producer.sendBody("direct:queue-email", message);
        }
        return result.activationId();
    }
}

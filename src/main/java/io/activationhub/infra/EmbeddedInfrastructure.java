package io.activationhub.infra;

import org.apache.commons.logging.Log;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Standalone mode: when no external PostgreSQL ({@code spring.datasource.url}) or Kafka ({@code hub.kafka.brokers},
 * {@code camel.component.kafka.brokers} or {@code spring.kafka.bootstrap-servers}) is configured, start an embedded one
 * under {@code hub.home/data} before anything reads those settings, and publish its address as the same properties.
 * With the external URLs set, nothing embedded starts.
 */
public class EmbeddedInfrastructure implements EnvironmentPostProcessor, Ordered {

    /** For shutdown, once logging runs. */
    private static final Logger shutdownLog = LoggerFactory.getLogger(EmbeddedInfrastructure.class);
    static final String PROPERTY_SOURCE = "hub-embedded-infrastructure";

    /** Servers started per hub home, closed by {@link EmbeddedInfrastructureLifecycle} when the context stops. */
    private static final Map<Path, List<AutoCloseable>> STARTED = new ConcurrentHashMap<>();

    /** Start-up messages are deferred until logging is configured. */
    private final Log log;

    public EmbeddedInfrastructure(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedInfrastructure.class);
    }

    @Override
    public int getOrder() {
        // after application.properties and profiles are loaded
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Path home = Path.of(env.getProperty("hub.home", "./var")).toAbsolutePath().normalize();
        Map<String, Object> published = new LinkedHashMap<>();
        // routes use {{hub.home}}: make it absolute so the working directory of a route does not matter
        published.put("hub.home", home.toString());
        if (!env.getProperty("hub.embedded.enabled", Boolean.class, true)) {
            env.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, published));
            return;
        }
        List<AutoCloseable> servers = new ArrayList<>();
        try {
            if (isBlank(env.getProperty("spring.datasource.url"))) {
                int port = env.getProperty("hub.embedded.postgres.port", Integer.class, 0);
                long t0 = System.nanoTime();
                EmbeddedPostgresServer pg = new EmbeddedPostgresServer(home.resolve("data/postgres"), port, log::warn);
                servers.add(pg);
                published.put("spring.datasource.url", pg.jdbcUrl());
                published.put("spring.datasource.username", "postgres");
                published.put("spring.datasource.password", "");
                log.info("Standalone mode: embedded PostgreSQL started on 127.0.0.1:" + pg.port() + " in "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms (data in " + home.resolve("data/postgres") + ")");
            }
            String brokers = firstNonBlank(env.getProperty("hub.kafka.brokers"),
                    env.getProperty("camel.component.kafka.brokers"), env.getProperty("spring.kafka.bootstrap-servers"));
            if (brokers == null) {
                int port = env.getProperty("hub.embedded.kafka.port", Integer.class, 0);
                long t0 = System.nanoTime();
                EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(home.resolve("data/kafka"), port);
                servers.add(kafka);
                brokers = kafka.bootstrapServers();
                log.info("Standalone mode: embedded Kafka broker (KRaft) started on " + brokers + " in "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms (data in " + home.resolve("data/kafka") + ")");
            }
            published.put("hub.kafka.brokers", brokers);
            published.put("camel.component.kafka.brokers", brokers);
        } catch (Exception e) {
            closeAll(servers);
            throw new IllegalStateException("Standalone mode: could not start the embedded infrastructure under " + home
                    + ": " + e.getMessage(), e);
        }
        if (!servers.isEmpty()) {
            STARTED.merge(home, servers, (a, b) -> {
                List<AutoCloseable> all = new ArrayList<>(a);
                all.addAll(b);
                return all;
            });
        }
        env.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, published));
    }

    /** Stops what this hub home started, last started first. */
    static void stop(Path home) {
        List<AutoCloseable> servers = STARTED.remove(home.toAbsolutePath().normalize());
        if (servers != null) {
            closeAll(servers);
        }
    }

    private static void closeAll(List<AutoCloseable> servers) {
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (Exception e) {
                shutdownLog.warn("Error stopping embedded {}: {}", servers.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (!isBlank(v)) {
                return v.trim();
            }
        }
        return null;
    }
}

package io.activationhub.infra;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.nio.file.Path;

/**
 * Stops the embedded PostgreSQL and Kafka after everything else: the lowest phase stops last, once Camel routes
 * and the web server have stopped.
 */
@Component
public class EmbeddedInfrastructureLifecycle implements SmartLifecycle {

    private final Path home;
    private volatile boolean running;

    public EmbeddedInfrastructureLifecycle(HubProperties properties) {
        this.home = properties.homePath();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        EmbeddedInfrastructure.stop(home);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}

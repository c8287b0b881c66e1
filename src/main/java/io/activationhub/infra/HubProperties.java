package io.activationhub.infra;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * Where the hub keeps its state and finds what integration teams edit.
 *
 * @param home       state root in standalone mode: {@code data/}, {@code inbox/}, {@code outbox/}, {@code quarantine/}
 * @param routesDir  YAML DSL routes ({@code *.camel.yaml}), loaded at start and reloaded on change
 * @param audiencesDir audience definitions ({@code *.audience.yaml})
 * @param connectorsDir connector templates and settings
 * @param publicUrl  base URL under which the hub is reachable by customers (one-click unsubscribe links)
 */
@ConfigurationProperties(prefix = "hub")
public record HubProperties(String home, String routesDir, String audiencesDir, String connectorsDir, String publicUrl) {

    public HubProperties {
        home = home == null || home.isBlank() ? "./var" : home;
        routesDir = routesDir == null || routesDir.isBlank() ? "routes" : routesDir;
        audiencesDir = audiencesDir == null || audiencesDir.isBlank() ? "audiences" : audiencesDir;
        connectorsDir = connectorsDir == null || connectorsDir.isBlank() ? "connectors" : connectorsDir;
        publicUrl = publicUrl == null || publicUrl.isBlank() ? "http://localhost:8080" : publicUrl;
    }

    public Path homePath() {
        return Path.of(home).toAbsolutePath().normalize();
    }

    public Path inbox(String source) {
        return homePath().resolve("inbox").resolve(source);
    }

    public Path quarantine() {
        return homePath().resolve("quarantine");
    }

    public Path outbox() {
        return homePath().resolve("outbox");
    }
}

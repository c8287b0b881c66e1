package io.activationhub.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.activationhub.infra.HubProperties;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Column mappings in {@code connectors/mappings/<name>.mapping.yaml}, read when a file is ingested (so an edit takes
 * effect with the next file). {@code standard} is the feed's own format.
 */
@Component
public class FeedMappings {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final Path dir;

    public FeedMappings(HubProperties hub) {
        this.dir = Path.of(hub.connectorsDir()).toAbsolutePath().normalize().resolve("mappings");
    }

    public FeedMapping get(String feed, String name) {
        if (name == null || name.isBlank() || name.equals("standard")) {
            return FeedMapping.STANDARD;
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,80}")) {
            throw new IllegalArgumentException("mapping name must be letters, digits, '-' or '_': '" + name + "'");
        }
        Path file = dir.resolve(name + ".mapping.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no column mapping " + file.getFileName() + " in " + dir);
        }
        try {
            FeedMapping mapping = YAML.readValue(file.toFile(), FeedMapping.class);
            if (mapping.feed() != null && !mapping.feed().equals(feed)) {
                throw new IllegalArgumentException("mapping " + name + " is for feed '" + mapping.feed()
                        + "', not '" + feed + "'");
            }
            return mapping;
        } catch (IOException e) {
            throw new IllegalArgumentException("column mapping " + file.getFileName() + " does not parse: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}

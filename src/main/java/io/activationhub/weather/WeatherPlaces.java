package io.activationhub.weather;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.activationhub.infra.HubProperties;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The places forecasts are pulled for ({@code connectors/weather-places.yaml}): a name, coordinates and the
 * departments (first two postcode digits) whose customers they stand for. Read at each pull, so edits apply at once.
 */
@Component
public class WeatherPlaces {

    /** A place and the departments it covers. */
    public record Place(String name, double latitude, double longitude, List<String> departments) {
    }

    record File(List<Place> places) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Path file;

    public WeatherPlaces(HubProperties hub) {
        this.file = Path.of(hub.connectorsDir()).toAbsolutePath().normalize().resolve("weather-places.yaml");
    }

    public List<Place> all() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            File f = YAML.readValue(file.toFile(), File.class);
            return f.places() == null ? List.of() : f.places();
        } catch (IOException e) {
            throw new UncheckedIOException("weather places " + file.getFileName() + " do not parse: " + e.getMessage(), e);
        }
    }
}

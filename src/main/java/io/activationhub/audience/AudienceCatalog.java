package io.activationhub.audience;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.activationhub.infra.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audience definitions in {@code audiences/*.audience.yaml}, reloaded when a file changes. A file that does not
 * parse or compile is reported (log and {@code GET /api/audiences}) and the previous version of that audience stays.
 */
@Component
public class AudienceCatalog {

    private static final Logger log = LoggerFactory.getLogger(AudienceCatalog.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final Path dir;
    private final Map<String, AudienceDefinition> audiences = new ConcurrentHashMap<>();
    private final Map<Path, FileState> files = new ConcurrentHashMap<>();

    /** What was last seen of a definition file. */
    public record FileState(String file, long modified, String audienceId, String error) {
    }

    public AudienceCatalog(HubProperties hub) {
        this.dir = Path.of(hub.audiencesDir()).toAbsolutePath().normalize();
        rescan();
    }

    @Scheduled(fixedDelayString = "${hub.audiences.scan-interval-ms:2000}")
    public synchronized void rescan() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.audience.yaml")) {
            for (Path file : stream) {
                long modified = Files.getLastModifiedTime(file).toMillis();
                FileState seen = files.get(file);
                if (seen == null || seen.modified() != modified) {
                    load(file, modified);
                }
            }
        } catch (IOException e) {
            log.warn("Cannot scan audience definitions in {}: {}", dir, e.toString());
        }
        files.keySet().removeIf(f -> {
            if (Files.exists(f)) {
                return false;
            }
            String id = files.get(f).audienceId();
            if (id != null) {
                audiences.remove(id);
                log.info("Audience {} removed: its file {} was deleted", id, f.getFileName());
            }
            return true;
        });
    }

    private void load(Path file, long modified) {
        try {
            AudienceDefinition def = YAML.readValue(file.toFile(), AudienceDefinition.class);
            if (def.id() == null || def.id().isBlank() || !def.id().matches("[a-z0-9][a-z0-9-]{0,62}")) {
                throw new IllegalArgumentException("id must be lowercase letters, digits and dashes, got '" + def.id() + "'");
            }
            AudienceQuery.candidates(def, java.time.Instant.now(), java.util.List.of());
            if (def.schedule() != null && !org.quartz.CronExpression.isValidExpression(def.schedule())) {
                throw new IllegalArgumentException("schedule '" + def.schedule() + "' is not a Quartz cron expression");
            }
            audiences.put(def.id(), def);
            files.put(file, new FileState(file.getFileName().toString(), modified, def.id(), null));
            log.info("Audience {} loaded from {}", def.id(), file.getFileName());
        } catch (Exception e) {
            String error = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            FileState previous = files.get(file);
            files.put(file, new FileState(file.getFileName().toString(), modified,
                    previous == null ? null : previous.audienceId(), error));
            log.error("Audience file {} refused (the previous version, if any, stays active): {}", file.getFileName(), error);
        }
    }

    public Collection<AudienceDefinition> all() {
        return new TreeMap<>(audiences).values();
    }

    public Optional<AudienceDefinition> get(String id) {
        return Optional.ofNullable(audiences.get(id));
    }

    public Map<String, FileState> fileStates() {
        Map<String, FileState> out = new LinkedHashMap<>();
        files.values().stream().sorted((a, b) -> a.file().compareTo(b.file())).forEach(s -> out.put(s.file(), s));
        return out;
    }
}

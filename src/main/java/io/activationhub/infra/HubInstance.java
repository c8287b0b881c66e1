package io.activationhub.infra;

import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * This hub instance's stable id, kept in {@code hub.home/data/instance-id}: runs it leaves RUNNING when killed are
 * recognised as its own at the next start, without touching another instance's runs.
 */
@Component
public class HubInstance {

    private final String id;

    public HubInstance(HubProperties hub) {
        this(hub, null);
    }

    /**
     * @param configured {@code hub.instance-id}: required when several instances share one hub.home (a shared inbox
     *                   volume), since they would otherwise read the same id from its file
     */
    @org.springframework.beans.factory.annotation.Autowired
    public HubInstance(HubProperties hub, @org.springframework.beans.factory.annotation.Value("${hub.instance-id:}") String configured) {
        if (configured != null && !configured.isBlank()) {
            if (!configured.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("hub.instance-id: letters, digits, dot, dash, underscore, at most 64");
            }
            this.id = configured;
            return;
        }
        Path file = hub.homePath().resolve("data/instance-id");
        try {
            if (Files.exists(file)) {
                this.id = Files.readString(file).trim();
            } else {
                Files.createDirectories(file.getParent());
                this.id = UUID.randomUUID().toString();
                Files.writeString(file, id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    public String id() {
        return id;
    }
}

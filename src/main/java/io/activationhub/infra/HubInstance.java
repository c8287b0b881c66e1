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

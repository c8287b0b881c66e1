package io.activationhub.infra;

import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Creates the hub home layout at start: data/, inbox/{pos,loyalty,pnd}, outbox/, quarantine/. */
@Component
public class HubDirectories {

    public HubDirectories(HubProperties hub) {
        try {
            for (String dir : new String[]{"data", "inbox/pos", "inbox/loyalty", "inbox/pnd", "outbox", "quarantine"}) {
                Files.createDirectories(hub.homePath().resolve(dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the hub home layout under " + hub.homePath(), e);
        }
    }
}

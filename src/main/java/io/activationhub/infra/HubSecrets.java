package io.activationhub.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The hub's signing secret (unsubscribe tokens...). It comes from the environment ({@code HUB_SECRET}); when unset,
 * a random one is generated once into {@code hub.home/data/secret} (owner-only), never into the repository.
 */
@Component
public class HubSecrets {

    private static final Logger log = LoggerFactory.getLogger(HubSecrets.class);
    private final byte[] signingKey;

    public HubSecrets(@Value("${hub.secret:}") String configured, HubProperties hub) {
        if (configured != null && !configured.isBlank()) {
            this.signingKey = configured.getBytes(StandardCharsets.UTF_8);
            return;
        }
        Path file = hub.homePath().resolve("data/secret");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Files.writeString(file, HexFormat.of().formatHex(random));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                log.warn("HUB_SECRET is not set: generated a signing secret in {} (set HUB_SECRET in production)", file);
            }
            this.signingKey = Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    public byte[] signingKey() {
        return signingKey.clone();
    }
}

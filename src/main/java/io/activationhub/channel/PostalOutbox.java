package io.activationhub.channel;

import io.activationhub.activation.ActivationLog;
import io.activationhub.activation.PostalLetter;
import io.activationhub.export.CsvCell;
import io.activationhub.infra.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The postal channel: one {@code ;}-separated UTF-8 file per activation for the mailing house, in
 * {@code outbox/postal/} under the hub home: {@code ID;L1;L2;L3;L4;L5;L6;PAYS;MESSAGE}, one letter per household
 * (decided by the channel plan), the ID being the push id printed on the envelope (PND returns come back with it).
 * Every value goes through {@link CsvCell} (a name such as {@code =HYPERLINK(...)} is neutralised). The file is
 * written next to its place under a dot-name and renamed in atomically: the mailing house never picks up half a file.
 */
@Component("postalOutbox")
public class PostalOutbox {

    public static final String HEADER = "ID;L1;L2;L3;L4;L5;L6;PAYS;MESSAGE";
    private static final Logger log = LoggerFactory.getLogger(PostalOutbox.class);

    private final Path dir;
    private final ActivationLog activations;

    public PostalOutbox(HubProperties hub, ActivationLog activations) {
        this.dir = hub.outbox().resolve("postal");
        this.activations = activations;
    }

    /** Writes the letters of one activation; returns the file, or null when there are none. */
    public Path write(List<PostalLetter> letters) {
        if (letters == null || letters.isEmpty()) {
            return null;
        }
        PostalLetter first = letters.get(0);
        String name = first.audienceId() + "-activation-" + first.activationId() + ".csv";
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (PostalLetter l : letters) {
            csv.append(l.pushId());
            for (String line : l.lines()) {
                csv.append(';').append(CsvCell.of(line));
            }
            csv.append(';').append(CsvCell.of(l.country())).append(';').append(CsvCell.of(l.message())).append("\r\n");
        }
        Path target = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            for (int k = 2; Files.exists(target); k++) { // a replay of the same activation: a new file beside
                name = first.audienceId() + "-activation-" + first.activationId() + "-" + k + ".csv";
                target = dir.resolve(name);
            }
            Path tmp = dir.resolve("." + name + ".part");
            Files.writeString(tmp, csv, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            for (PostalLetter l : letters) {
                activations.deadLetter(l.pushId(), "mailing-house file not written: " + e.getMessage());
            }
            throw new UncheckedIOException(e);
        }
        for (PostalLetter l : letters) {
            activations.sent(l.pushId(), name);
        }
        log.info("Postal: {} letter(s) of activation {} written to outbox/postal/{}", letters.size(), first.activationId(), name);
        return target;
    }
}

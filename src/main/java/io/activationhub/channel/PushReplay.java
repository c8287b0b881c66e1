package io.activationhub.channel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationhub.activation.ActivationLog;
import io.activationhub.activation.PostalLetter;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays the failed pushes of an activation (dead letters, partner refusals, undelivered SMS): each is queued
 * again with the message it carried; letters are written to a new mailing-house file at once, email and SMS
 * messages are returned for their channel's topic. Consent and suppression are checked again at push time.
 */
@Component
public class PushReplay {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message to put back on {@code hub.push.<channel>}. */
    public record Requeued(long pushId, String channel, String payload) {
    }

    private final ActivationLog activations;
    private final PostalOutbox postal;

    public PushReplay(ActivationLog activations, PostalOutbox postal) {
        this.activations = activations;
        this.postal = postal;
    }

    public List<Requeued> replay(long activationId) {
        List<Requeued> out = new ArrayList<>();
        List<PostalLetter> letters = new ArrayList<>();
        for (Map<String, Object> row : activations.replay(activationId)) {
            String channel = (String) row.get("channel");
            String payload = (String) row.get("payload");
            if (channel.equals("postal")) {
                try {
                    letters.add(JSON.readValue(payload, new TypeReference<PostalLetter>() { }));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                out.add(new Requeued(((Number) row.get("id")).longValue(), channel, payload));
            }
        }
        postal.write(letters);
        return out;
    }
}

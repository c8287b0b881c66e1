package io.activationhub.registration;

import java.time.Instant;
import java.util.Map;

/**
 * One registration as published on Kafka {@code hub.web.registrations}: its submission id, when and from where it was
 * submitted, and the checked fields. {@link #toString()} leaves out the fields: this record may be logged.
 */
public record Submission(String submissionId, Instant submittedAt, String clientIp, String peerIp,
                         Map<String, String> fields) {

    @Override
    public String toString() {
        return "Submission[" + submissionId + ", " + submittedAt + "]";
    }
}

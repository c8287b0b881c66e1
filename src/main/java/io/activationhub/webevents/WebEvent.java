package io.activationhub.webevents;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One checked web or app event. {@code customerKey} is a loyalty card number; {@code email} is trimmed and lower-cased.
 * {@link #toString()} leaves out the identities: this record may be logged.
 */
public record WebEvent(String eventId, String type, Instant occurredAt, String cookieId, String customerKey,
                       String email, String sku, String category, BigDecimal price) {

    @Override
    public String toString() {
        return "WebEvent[" + eventId + ", " + type + ", " + occurredAt + "]";
    }
}

package io.activationhub.social;

import java.time.Instant;

/**
 * One social interaction with the brand: a comment, a mention or a like. An engaged person is a future ambassador,
 * or a bad buzz: either way worth knowing. {@link #toString()} keeps the text and handle out of logs.
 */
public record Engagement(String platform, String itemId, String kind, String objectId, String authorId,
                         String authorHandle, String text, long likeCount, Instant createdAt) {

    @Override
    public String toString() {
        return "Engagement[" + platform + " " + kind + " " + itemId + " at " + createdAt + "]";
    }
}

package io.activationhub.activation;

import java.time.OffsetDateTime;

/** One run of an audience on a channel, with its counts. */
public record Activation(long id, String audienceId, String channel, String partner, String trigger, boolean dryRun,
                         String status, OffsetDateTime startedAt, OffsetDateTime endedAt, int members, int queued,
                         int sent, int failed, int excluded) {
}

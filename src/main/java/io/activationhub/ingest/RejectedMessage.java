package io.activationhub.ingest;

/**
 * A message of a batch that can never be accepted: its position in the batch and why (the reason of the
 * {@link MessageRejected}, which never repeats personal data). The route sends it to the dead-letter topic.
 */
public record RejectedMessage(int index, String reason) {
}

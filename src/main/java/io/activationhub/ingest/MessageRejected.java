package io.activationhub.ingest;

/**
 * A streamed message (Kafka record, form submission, mail) that can never be accepted as it is: routes send it to the
 * dead-letter topic with this reason and go on. The reason names the problem, never the message's personal data.
 */
public class MessageRejected extends RuntimeException {
    public MessageRejected(String reason) {
        super(reason, null, false, false);
    }
}

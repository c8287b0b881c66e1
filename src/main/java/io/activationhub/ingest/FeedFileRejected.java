package io.activationhub.ingest;

/**
 * Thrown by the file-feed connector when a whole file failed (its run is recorded FAILED with the reason): the file
 * consumer then moves the file to {@code failed/}. Carries no file content.
 */
public class FeedFileRejected extends RuntimeException {
    public FeedFileRejected(String reason) {
        super(reason, null, false, false);
    }
}

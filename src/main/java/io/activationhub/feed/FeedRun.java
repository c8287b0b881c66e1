package io.activationhub.feed;

import java.time.OffsetDateTime;

/**
 * One ingestion run of a feed, with its counts: read = accepted + rejected + duplicate. {@code progressRows}: lines
 * read so far while it runs (null for runs that are not file loads).
 */
public record FeedRun(long id, String feedId, String sourceName, String status, OffsetDateTime startedAt,
                      OffsetDateTime endedAt, long read, long accepted, long rejected, long duplicate, String error,
                      String quarantineFile, Long duplicateOfRun, OffsetDateTime reconciledAt,
                      Long progressRows) {

    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String DUPLICATE_FILE = "DUPLICATE_FILE";
    public static final String INTERRUPTED = "INTERRUPTED";
    /** A poll stopped early by the partner's rate limit: what was read is counted, the rest comes next time. */
    public static final String RATE_LIMITED = "RATE_LIMITED";

    public boolean countsAddUp() {
        return read == accepted + rejected + duplicate;
    }
}

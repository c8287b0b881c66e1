package io.activationhub.ingest;

/** A feed run that could not complete; the run is recorded as FAILED with this reason and the file moves to failed/. */
public class FeedRunFailed extends RuntimeException {
    private final long runId;

    public FeedRunFailed(long runId, String reason, Throwable cause) {
        super("feed run " + runId + " failed: " + reason, cause);
        this.runId = runId;
    }

    public long runId() {
        return runId;
    }
}

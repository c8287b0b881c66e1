package io.activationhub.ingest;

/** A row that cannot be accepted, with a reason an integration team can act on. Carries no row content. */
public class RowRejected extends Exception {
    public RowRejected(String reason) {
        super(reason, null, false, false);
    }
}

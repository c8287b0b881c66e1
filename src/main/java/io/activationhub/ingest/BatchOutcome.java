package io.activationhub.ingest;

import java.util.List;

/** What became of a batch of streamed messages, as far as the route needs to know: the messages it rejected. */
public interface BatchOutcome {

    /** The rejected messages, in the order of the batch. */
    List<RejectedMessage> rejected();
}

package io.activationhub.customer;

import java.util.ArrayList;
import java.util.List;

/** What a reconciliation pass changed. */
public record ReconciliationSummary(int created, int updated, int ticketLinesLinked, List<Long> runs) {

    public static final ReconciliationSummary NONE = new ReconciliationSummary(0, 0, 0, List.of());

    public ReconciliationSummary plus(ReconciliationSummary other) {
        List<Long> all = new ArrayList<>(runs);
        all.addAll(other.runs);
        return new ReconciliationSummary(created + other.created, updated + other.updated,
                ticketLinesLinked + other.ticketLinesLinked, List.copyOf(all));
    }

    public boolean changedCustomers() {
        return created + updated > 0;
    }
}

package io.activationhub.feed;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of what cleaning did to one feed run's values, per field, outcome (corrected, flagged, rejected) and rule.
 * Not thread-safe: one per run.
 */
public final class DataQualityCounts {

    /** One cell of the report. */
    public record Key(String field, String outcome, String code) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = field.compareTo(o.field);
            if (c != 0) {
                return c;
            }
            c = outcome.compareTo(o.outcome);
            return c != 0 ? c : code.compareTo(o.code);
        }
    }

    private final Map<Key, Long> counts = new TreeMap<>();

    public void corrected(String field, String code) {
        add(new Key(field, "corrected", code));
    }

    public void flagged(String field, String code) {
        add(new Key(field, "flagged", code));
    }

    public void rejected(String field, String code) {
        add(new Key(field, "rejected", code));
    }

    private void add(Key key) {
        counts.merge(key, 1L, Long::sum);
    }

    /** Adds another set of counts (a batch cleaned on another thread) to these. */
    public void addAll(DataQualityCounts other) {
        other.counts.forEach((key, n) -> counts.merge(key, n, Long::sum));
    }

    public Map<Key, Long> counts() {
        return Map.copyOf(counts);
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }
}

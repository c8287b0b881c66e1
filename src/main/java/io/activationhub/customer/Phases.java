package io.activationhub.customer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a reconciliation run's time goes, phase by phase (logged at DEBUG): each {@link #mark} closes the phase
 * since the previous mark; {@link #detail} and {@link #count} add figures measured inside a phase.
 */
final class Phases {

    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private long last = System.nanoTime();

    void mark(String phase) {
        long now = System.nanoTime();
        nanos.merge(phase, now - last, Long::sum);
        last = now;
    }

    /** Time spent inside the last phase, reported apart (the phase's own total is not changed). */
    void detail(String part, long n) {
        nanos.merge(part, n, Long::sum);
    }

    /** A count reported with the phases. */
    void count(String what, long n) {
        counts.merge(what, n, Long::sum);
    }

    /** A count so far (0 when never reported). */
    long count(String what) {
        return counts.getOrDefault(what, 0L);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        nanos.forEach((phase, n) -> sb.append(sb.isEmpty() ? "" : ", ").append(phase).append(' ')
                .append(n / 1_000_000).append(" ms"));
        counts.forEach((what, n) -> sb.append(", ").append(what).append(' ').append(n));
        return sb.toString();
    }
}

package io.activationhub.customer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a reconciliation run spends its time, by phase: {@link #mark} charges the time since the previous mark to a
 * phase. One per run, on the run's thread; logged at DEBUG when the run ends.
 */
final class Phases {

    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private long last = System.nanoTime();

    void mark(String phase) {
        long now = System.nanoTime();
        nanos.merge(phase, now - last, Long::sum);
        last = now;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        nanos.forEach((phase, n) -> sb.append(sb.isEmpty() ? "" : ", ").append(phase).append(' ')
                .append(n / 1_000_000).append(" ms"));
        return sb.toString();
    }
}

package io.activationhub.infra;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The hub's own series at {@code /actuator/prometheus}, counted by this instance once the work is committed:
 * <ul>
 *     <li>{@code hub_feed_rows_total{feed, count}}: rows of each feed, {@code count} = read, accepted, rejected or
 *     duplicate (read = accepted + rejected + duplicate);</li>
 *     <li>{@code hub_pushes_total{partner, outcome}}: messages a partner accepted ({@code sent}) or refused for good
 *     ({@code failed}).</li>
 * </ul>
 * Kafka consumer lag: {@link KafkaLagMetrics}.
 */
@Component
public class HubMetrics {

    private final MeterRegistry registry;

    public HubMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts the rows of a feed run (or of one streamed message) after the current transaction commits. */
    public void feedRows(String feed, long read, long accepted, long rejected, long duplicate) {
        afterCommit(() -> {
            rows(feed, "read").increment(read);
            rows(feed, "accepted").increment(accepted);
            rows(feed, "rejected").increment(rejected);
            rows(feed, "duplicate").increment(duplicate);
        });
    }

    /** Counts one push outcome ({@code sent} or {@code failed}) of a partner after the current transaction commits. */
    public void push(String partner, String outcome) {
        afterCommit(() -> Counter.builder("hub.pushes").description("Messages pushed to partners, by outcome")
                .tag("partner", partner == null ? "unknown" : partner).tag("outcome", outcome)
                .register(registry).increment());
    }

    private Counter rows(String feed, String count) {
        return Counter.builder("hub.feed.rows").description("Rows of each feed: read = accepted + rejected + duplicate")
                .tag("feed", feed).tag("count", count).register(registry);
    }

    private static void afterCommit(Runnable count) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count.run();
                }
            });
        } else {
            count.run();
        }
    }
}

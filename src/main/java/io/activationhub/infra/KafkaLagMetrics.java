package io.activationhub.infra;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code hub_kafka_consumer_lag{group, topic}}: for each of the hub's consumer groups (names starting with
 * {@code hub.metrics.kafka-lag.group-prefix}), the end offsets of its partitions minus its committed offsets, summed
 * per topic; computed with the Kafka admin client every {@code hub.metrics.kafka-lag.refresh-ms}.
 */
@Component
public class KafkaLagMetrics {

    private static final Logger log = LoggerFactory.getLogger(KafkaLagMetrics.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final MeterRegistry registry;
    private final String brokers;
    private final String groupPrefix;
    private final long refreshMs;
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService timer;
    private volatile Admin admin;
    private volatile boolean warned;

    public KafkaLagMetrics(MeterRegistry registry, @Value("${hub.kafka.brokers}") String brokers,
                           @Value("${hub.metrics.kafka-lag.group-prefix:hub-}") String groupPrefix,
                           @Value("${hub.metrics.kafka-lag.refresh-ms:30000}") long refreshMs) {
        this.registry = registry;
        this.brokers = brokers;
        this.groupPrefix = groupPrefix;
        this.refreshMs = Math.max(1000, refreshMs);
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (timer != null || brokers == null || brokers.isBlank()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-kafka-lag");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refreshQuietly, 5000, refreshMs, TimeUnit.MILLISECONDS);
    }

    private void refreshQuietly() {
        try {
            refresh();
            warned = false;
        } catch (Exception e) {
            if (!warned) {
                log.warn("Kafka consumer lag not measured: {}", e.toString());
                warned = true;
            }
        }
    }

    /** Measures the lag of every hub consumer group now; returns lag per "group topic". */
    public synchronized Map<String, Long> refresh() throws Exception {
        Admin client = admin();
        Map<String, Long> measured = new HashMap<>();
        for (ConsumerGroupListing group : client.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            String groupId = group.groupId();
            if (!groupId.startsWith(groupPrefix)) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.forEach((tp, offset) -> {
                if (offset != null) {
                    latest.put(tp, OffsetSpec.latest());
                }
            });
            if (latest.isEmpty()) {
                continue;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = client.listOffsets(latest).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<String, Long> perTopic = new HashMap<>();
            ends.forEach((tp, end) -> perTopic.merge(tp.topic(),
                    Math.max(0, end.offset() - committed.get(tp).offset()), Long::sum));
            perTopic.forEach((topic, lag) -> {
                gauge(groupId, topic).set(lag);
                measured.put(groupId + " " + topic, lag);
            });
        }
        return measured;
    }

    private AtomicLong gauge(String group, String topic) {
        return lags.computeIfAbsent(group + " " + topic, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("hub.kafka.consumer.lag", value, AtomicLong::get)
                    .description("Records of the topic not yet consumed (committed) by the group")
                    .tag("group", group).tag("topic", topic).register(registry);
            return value;
        });
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "hub-lag-metrics",
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)));
        }
        return admin;
    }

    @PreDestroy
    public void stop() {
        ScheduledExecutorService t = timer;
        if (t != null) {
            t.shutdownNow();
            timer = null;
        }
        Admin a = admin;
        if (a != null) {
            a.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}

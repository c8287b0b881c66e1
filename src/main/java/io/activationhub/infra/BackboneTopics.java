package io.activationhub.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka topics between the hub's stages, created at start when missing (brokers may forbid auto-creation).
 * Partition counts allow several hub instances in one consumer group to share the work.
 */
@Component
public class BackboneTopics {

    public static final List<String> TOPICS = List.of("hub.feed.runs", "hub.customers.changed", "hub.push.email", "hub.push.sms", "hub.push.ads",
            "hub.web.events", "hub.web.registrations", "hub.dead-letter");
    private static final Logger log = LoggerFactory.getLogger(BackboneTopics.class);

    public BackboneTopics(@Value("${hub.kafka.brokers}") String brokers,
                          @Value("${hub.kafka.partitions:4}") int partitions,
                          @Value("${hub.kafka.replication-factor:1}") short replication) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = TOPICS.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, replication)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                log.info("Created Kafka topics {}", missing.stream().map(NewTopic::name).toList());
            }
        }
    }
}

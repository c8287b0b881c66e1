package io.activationhub.infra;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The messages on Kafka {@code hub.dead-letter} (routes/dead-letter.camel.yaml): the latest ones with why and where
 * they came from, and replay: a record produced again, unchanged (key, body), to the topic it came from.
 */
@Component
public class DeadLetters {

    public static final String TOPIC = "hub.dead-letter";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long DEADLINE_MS = 10_000;

    private final String brokers;

    public DeadLetters(@Value("${hub.kafka.brokers}") String brokers) {
        this.brokers = brokers;
    }

    /** One dead letter: where it sits, why it is there, where it came from, and its body (UTF-8 text). */
    public record DeadLetter(int partition, long offset, Instant at, String key, String reason, String sourceRoute,
                             String sourceTopic, String sourcePartition, String sourceOffset, int bodyBytes, String body) {
    }

    /** The latest {@code limit} dead letters, newest first. */
    public List<DeadLetter> latest(int limit) {
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(TOPIC, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(TOPIC, p.partition()));
            }
            if (partitions.isEmpty()) {
                return out;
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long from = Math.max(begins.get(tp), ends.get(tp) - limit);
                consumer.seek(tp, from);
                if (ends.get(tp) > from) {
                    remaining.put(tp, ends.get(tp));
                }
            }
            long deadline = System.currentTimeMillis() + DEADLINE_MS;
            while (!remaining.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    out.add(toDeadLetter(r));
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() + 1 >= remaining.getOrDefault(tp, 0L)) {
                        remaining.remove(tp);
                    }
                }
                remaining.keySet().removeIf(tp -> consumer.position(tp) >= ends.get(tp));
            }
        }
        out.sort(Comparator.comparing(DeadLetter::at).thenComparing(DeadLetter::offset).reversed());
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** Produces the dead letter at this partition and offset again to its source topic; returns where it went. */
    public Map<String, Object> replay(int partition, long offset) throws Exception {
        ConsumerRecord<byte[], byte[]> record = read(partition, offset)
                .orElseThrow(() -> new NoSuchElementException("no dead letter at partition " + partition + ", offset " + offset));
        String topic = header(record, "hub.source.topic");
        if (topic == null || topic.isBlank()) {
            throw new IllegalStateException("this dead letter came from route '" + header(record, "hub.source.route")
                    + "', not from a Kafka topic: there is nothing to replay it to");
        }
        ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(topic, record.key(), record.value());
        again.headers().add("hub.replayed-from", (TOPIC + "/" + partition + "/" + offset).getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000), new ByteArraySerializer(), new ByteArraySerializer())) {
            RecordMetadata sent = producer.send(again).get(20, TimeUnit.SECONDS);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("replayed", Map.of("partition", partition, "offset", offset));
            out.put("topic", sent.topic());
            out.put("partition", sent.partition());
            out.put("offset", sent.offset());
            return out;
        }
    }

    private Optional<ConsumerRecord<byte[], byte[]>> read(int partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition tp = new TopicPartition(TOPIC, partition);
            if (consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream().noneMatch(p -> p.partition() == partition)) {
                return Optional.empty();
            }
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
            if (offset < 0 || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(tp, offset);
            long deadline = System.currentTimeMillis() + DEADLINE_MS;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    if (r.offset() == offset) {
                        return Optional.of(r);
                    }
                    if (r.offset() > offset) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.CLIENT_ID_CONFIG, "hub-dead-letter-reader",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500, ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static DeadLetter toDeadLetter(ConsumerRecord<byte[], byte[]> r) {
        byte[] value = r.value() == null ? new byte[0] : r.value();
        return new DeadLetter(r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()),
                r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), header(r, "hub.error.reason"),
                header(r, "hub.source.route"), header(r, "hub.source.topic"), header(r, "hub.source.partition"),
                header(r, "hub.source.offset"), value.length, new String(value, StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

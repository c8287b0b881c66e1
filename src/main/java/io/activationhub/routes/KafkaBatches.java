package io.activationhub.routes;

import io.activationhub.ingest.BatchOutcome;
import io.activationhub.ingest.MessageRejected;
import io.activationhub.ingest.RejectedMessage;
import io.activationhub.ingest.StreamMessage;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualSyncCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Glue between a Kafka consumer in batching mode ({@code batching=true}: the body is the list of the polled records'
 * exchanges) and domain code that works on plain messages. Used by {@code routes/web-events.camel.yaml}:
 * <ol>
 *   <li>{@link #messages}: the records as {@link StreamMessage}s, in the order of the batch (each partition's records
 *       in offset order); the record exchanges are kept on the batch exchange for the next two steps;</li>
 *   <li>{@link #deadLetter}: each message the domain rejected goes to {@code direct:dead-letter} as its own record
 *       (body, key and Kafka headers: topic, partition, offset) with its reason, as a single-record route sends it;</li>
 *   <li>{@link #commit}: commits, per partition, the offset after the batch's last record there, in one
 *       synchronous request (the batch's last record's own commit would commit its partition only). Call it last:
 *       offsets are committed only once the batch is stored and its rejected messages dead-lettered.</li>
 * </ol>
 */
@Component("kafkaBatches")
public class KafkaBatches {

    /** Exchange property holding the batch's record exchanges. */
    public static final String RECORDS = "hub.kafka.batch.records";
    private static final String STARTED = "hub.kafka.batch.started";
    private static final Logger log = LoggerFactory.getLogger(KafkaBatches.class);

    private final ProducerTemplate template;

    public KafkaBatches(ProducerTemplate template) {
        this.template = template;
    }

    /** The batch's records as messages; keeps the record exchanges for {@link #deadLetter} and {@link #commit}. */
    public List<StreamMessage> messages(Exchange batch) {
        List<Exchange> records = new ArrayList<>();
        Object body = batch.getMessage().getBody();
        if (!(body instanceof List<?> list)) {
            throw new IllegalStateException("expected the list of a Kafka batch (batching=true), got "
                    + (body == null ? "null" : body.getClass().getName()));
        }
        List<StreamMessage> messages = new ArrayList<>(list.size());
        for (Object o : list) {
            Exchange record = (Exchange) o;
            records.add(record);
            Integer partition = record.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class);
            Long offset = record.getMessage().getHeader(KafkaConstants.OFFSET, Long.class);
            messages.add(new StreamMessage(record.getMessage().getBody(String.class), partition == null ? -1 : partition,
                    offset == null ? -1 : offset));
        }
        batch.setProperty(RECORDS, records);
        batch.setProperty(STARTED, System.nanoTime());
        return messages;
    }

    /** Sends each rejected message of the batch (body a {@link BatchOutcome}) to the dead-letter topic; body unchanged. */
    public void deadLetter(Exchange batch) throws Exception {
        BatchOutcome outcome = batch.getMessage().getBody(BatchOutcome.class);
        if (outcome == null || outcome.rejected().isEmpty()) {
            return;
        }
        List<Exchange> records = records(batch);
        for (RejectedMessage rejected : outcome.rejected()) {
            Exchange record = records.get(rejected.index());
            // what ${exception.message} reads in the dead-letter route, as after a doCatch
            record.setProperty(Exchange.EXCEPTION_CAUGHT, new MessageRejected(rejected.reason()));
            Exchange sent = template.send("direct:dead-letter", record);
            if (sent.getException() != null) {
                throw sent.getException();
            }
        }
    }

    /**
     * Commits, synchronously and in one request, each partition's offset after the batch's last record there.
     */
    public void commit(Exchange batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        Map<TopicPartition, KafkaManualCommit> others = new LinkedHashMap<>();
        Consumer<?, ?> consumer = null;
        long timeoutMs = 0;
        for (Exchange record : records(batch)) {
            KafkaManualCommit commit = record.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit == null) {
                throw new IllegalStateException("no manual commit on the Kafka record: the consumer needs allowManualCommit=true");
            }
            // a partition's records come in offset order: the last one seen is its highest offset
            if (commit instanceof DefaultKafkaManualSyncCommit c) {
                offsets.put(c.getPartition(), new OffsetAndMetadata(c.getRecordOffset() + 1));
                consumer = c.getConsumer();
                timeoutMs = c.getCommitTimeout();
            } else {
                others.put(new TopicPartition(record.getMessage().getHeader(KafkaConstants.TOPIC, String.class),
                        record.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class)), commit);
            }
        }
        if (consumer != null) {
            // what DefaultKafkaManualSyncCommit.commit() does for one partition, for all of them at once
            consumer.commitSync(offsets, Duration.ofMillis(timeoutMs));
        }
        others.values().forEach(KafkaManualCommit::commit);
        if (log.isDebugEnabled()) {
            Long started = batch.getProperty(STARTED, Long.class);
            log.debug("Committed a batch of {} records on {} partitions, {} ms after it was handed to the route",
                    records(batch).size(), offsets.size() + others.size(),
                    started == null ? "?" : (System.nanoTime() - started) / 1_000_000);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Exchange> records(Exchange batch) {
        List<Exchange> records = batch.getProperty(RECORDS, List.class);
        if (records == null) {
            throw new IllegalStateException("kafkaBatches.messages must run first in the route");
        }
        return records;
    }
}

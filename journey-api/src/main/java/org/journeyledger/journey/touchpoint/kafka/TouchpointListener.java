package org.journeyledger.journey.touchpoint.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.journeyledger.journey.touchpoint.IngestResult;
import org.journeyledger.journey.touchpoint.Touchpoint;
import org.journeyledger.journey.touchpoint.TouchpointIngestion;
import org.journeyledger.journey.touchpoint.TouchpointParser;
import org.journeyledger.journey.transaction.TransientFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records the touchpoints channel systems produce to {@code journey.touchpoints}, through the same
 * {@link TouchpointParser} and {@link TouchpointIngestion} as the HTTP API: the same validation, and the same
 * idempotency on {@code (source, sourceEventId)}, so a touchpoint sent once by HTTP and again by Kafka is stored once.
 * <p>
 * Delivery: the container commits a batch's offsets only after this method returns, that is after every record of
 * the batch is stored or safely on the dead-letter topic. A crash in between redelivers the batch, and the receipts
 * make the redelivery store nothing twice. A refusal (invalid, conflicting, reused id) is permanent, so the record is
 * dead-lettered at once and the consumer moves on; any other failure is handed to the container's error handler
 * ({@code TouchpointKafkaConfiguration}), which retries a transient one (database down) from that record for as long
 * as it takes and sets any other aside on the dead-letter topic after a few attempts.
 */
@Component
class TouchpointListener {

    private static final Logger log = LoggerFactory.getLogger(TouchpointListener.class);

    private final TouchpointParser parser;
    private final TouchpointIngestion ingestion;
    private final DeadLetters deadLetters;
    private final Counter consumed;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Timer batches;

    TouchpointListener(TouchpointParser parser, TouchpointIngestion ingestion, DeadLetters deadLetters,
                       MeterRegistry meters) {
        this.parser = parser;
        this.ingestion = ingestion;
        this.deadLetters = deadLetters;
        this.consumed = Counter.builder("journey.kafka.touchpoints.consumed")
                .description("Touchpoint records taken from the ingest topic (redeliveries included)")
                .register(meters);
        this.stored = outcome(meters, "stored");
        this.duplicates = outcome(meters, "duplicate");
        this.deadLettered = outcome(meters, "dead_lettered");
        this.batches = Timer.builder("journey.kafka.batch")
                .description("Time to handle one poll of the ingest topic, from the first record to the last stored "
                        + "or dead-lettered (a failed batch included)")
                .publishPercentileHistogram()
                .register(meters);
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("journey.kafka.touchpoints.handled").tag("outcome", outcome)
                .description("Touchpoint records of the ingest topic by outcome").register(meters);
    }

    /**
     * Handles a batch in order, in groups of {@link TouchpointIngestion#GROUP_SIZE} records: the group's valid
     * touchpoints are stored in one transaction, then its invalid records are dead-lettered. A group whose storing
     * fails (a touchpoint refused by the history, the database away) is handled again record by record, so that
     * exactly the refused records are dead-lettered and a transient failure is retried from the record it hit.
     */
    // idIsGroup = false: the consumer group is spring.kafka.consumer.group-id, not the listener id.
    @KafkaListener(id = "touchpoint-ingest", idIsGroup = false, topics = "${journey.kafka.touchpoints-topic}",
            batch = "true")
    void onBatch(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer) {
        batches.record(() -> handle(records, consumer));
    }

    private void handle(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer) {
        consumed.increment(records.size());
        for (int from = 0; from < records.size(); from += TouchpointIngestion.GROUP_SIZE) {
            int to = Math.min(records.size(), from + TouchpointIngestion.GROUP_SIZE);
            Group group = parse(records, from, to);
            if (group != null && storedTogether(group.valid())) {
                group.refused().forEach((index, refusal) -> deadLetter(records.get(index), consumer, refusal, index));
                continue;
            }
            for (int i = from; i < to; i++) {
                handleAlone(records.get(i), consumer, i);
            }
        }
    }

    /** The valid touchpoints of records [from, to) and the refusals of the others, by index in the batch. */
    private record Group(List<Touchpoint> valid, Map<Integer, RuntimeException> refused) {
    }

    /**
     * Parses records [from, to): the invalid ones are set apart so that they do not send the valid ones one by one.
     * Null when parsing failed in a way that is not a refusal; then every record of the group is handled alone.
     */
    private Group parse(List<ConsumerRecord<byte[], byte[]>> records, int from, int to) {
        List<Touchpoint> valid = new ArrayList<>(to - from);
        Map<Integer, RuntimeException> refused = new TreeMap<>();
        for (int i = from; i < to; i++) {
            try {
                valid.add(parser.parse(records.get(i).value()));
            } catch (RuntimeException invalid) {
                if (!deadLetters.isRefusal(invalid)) {
                    return null;
                }
                refused.put(i, invalid);
            }
        }
        return new Group(valid, refused);
    }

    private boolean storedTogether(List<Touchpoint> group) {
        if (group.isEmpty()) {
            return true;
        }
        try {
            ingestion.recordTogether(group).forEach(result -> (result.duplicate() ? duplicates : stored).increment());
            return true;
        } catch (RuntimeException e) {
            log.debug("A group of {} touchpoints could not be stored together; storing them one by one",
                    group.size(), e);
            return false;
        }
    }

    private void handleAlone(ConsumerRecord<byte[], byte[]> record, Consumer<?, ?> consumer, int index) {
        try {
            IngestResult result = ingestion.record(parser.parse(record.value()));
            (result.duplicate() ? duplicates : stored).increment();
        } catch (RuntimeException e) {
            if (!deadLetters.isRefusal(e)) {
                // The container logs only that it retries; the operator needs to see why.
                log.warn("Could not store the touchpoint at {}; retrying with back-off{}: {}", where(record),
                        TransientFailures.isTransient(e) ? ""
                                : " (a failure of its own: a few attempts, then the dead-letter topic)", e.toString());
                throw new BatchListenerFailedException("Could not store the touchpoint at " + where(record), e,
                        index);
            }
            deadLetter(record, consumer, e, index);
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, Consumer<?, ?> consumer, RuntimeException refusal,
                            int index) {
        try {
            deadLetters.send(record, consumer, refusal);
        } catch (RuntimeException e) {
            throw new BatchListenerFailedException("Could not send the refused touchpoint at " + where(record)
                    + " to " + deadLetters.topic() + "; it will be retried", e, index);
        }
        deadLettered.increment();
        log.warn("Touchpoint at {} refused and sent to {}: {}", where(record), deadLetters.topic(),
                refusal.getMessage());
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}

package org.journeyledger.journey.touchpoint.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sends dead letters back to the touchpoints topic. A run reads each partition of the dead-letter topic from where the
 * replayer's consumer group left off (or from the beginning) to the end it had when the run began, so that a record
 * it sends back and the ledger refuses again is left for a later run instead of going round in this one. The records
 * its {@link Selection} takes are produced with their original key, value and headers, the dead-letter headers left
 * off; only once the broker has acknowledged every one are the group's offsets committed past all the records read.
 */
final class DeadLetterReplay {

    /** What the ledger's own dead-letter headers and Spring Kafka's start with; neither goes back to the topic. */
    private static final List<String> DEAD_LETTER_HEADERS = List.of("kafka_dlt-", "journey-dlt-");
    private static final String PROBLEM_PREFIX = "urn:journey-ledger:problem:";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Which dead letters a run replays; a null or empty part takes all.
     *
     * @param since          dead-lettered at or after this instant
     * @param until          dead-lettered before this instant; reading a partition stops at its first record at or
     *                       after it, so those are left for a later run
     * @param problemTypes   problem types, as the URN or its last part ({@code invalid-request})
     * @param reasonContains text the reason holds, ignoring case
     */
    record Selection(Instant since, Instant until, Set<String> problemTypes, String reasonContains) {

        boolean takes(ConsumerRecord<byte[], byte[]> record) {
            Instant at = Instant.ofEpochMilli(record.timestamp());
            if (since != null && at.isBefore(since) || until != null && !at.isBefore(until)) {
                return false;
            }
            if (problemTypes != null && !problemTypes.isEmpty() && !problemTypes.contains(problemType(record))
                    && !problemTypes.contains(PROBLEM_PREFIX + problemType(record))) {
                return false;
            }
            return reasonContains == null || reasonContains.isBlank() || header(record, DeadLetters.REASON)
                    .toLowerCase(Locale.ROOT).contains(reasonContains.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * What a run did.
     *
     * @param read            dead letters read
     * @param selected        those the selection took: replayed, or in a dry run to be replayed
     * @param unacknowledged  selected records the broker did not acknowledge (then no offset was committed)
     * @param byProblemType   the selected ones by problem type
     */
    record Result(int read, int selected, int unacknowledged, Map<String, Integer> byProblemType) {

        int passedOver() {
            return read - selected;
        }
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final String group;
    private final String deadLetterTopic;
    private final String touchpointsTopic;
    private final Duration timeout;
    private final PrintStream out;

    /** The consumer must belong to {@code group}, which only the replayer uses; offsets are committed there. */
    DeadLetterReplay(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, String group,
                     String deadLetterTopic, String touchpointsTopic, Duration timeout, PrintStream out) {
        this.consumer = consumer;
        this.producer = producer;
        this.group = group;
        this.deadLetterTopic = deadLetterTopic;
        this.touchpointsTopic = touchpointsTopic;
        this.timeout = timeout;
        this.out = out;
    }

    /**
     * @param fromBeginning read from the start of each partition instead of from the group's committed offsets
     * @param dryRun        list what would be replayed; produce nothing and commit nothing
     * @throws IllegalStateException when the dead-letter topic does not exist
     */
    Result run(Selection selection, boolean fromBeginning, boolean dryRun) {
        List<PartitionInfo> infos = consumer.partitionsFor(deadLetterTopic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + deadLetterTopic + " does not exist; the ledger creates it at its"
                    + " first start (journey.kafka.dead-letter-topic names it)");
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> committed = committed(partitions);
        Map<TopicPartition, Long> start = start(partitions, committed, fromBeginning);
        Map<TopicPartition, Long> end = end(partitions, selection.until());
        out.println("reading " + deadLetterTopic + (fromBeginning ? " from the beginning" : " from where group "
                + group + " left off") + ": " + ranges(partitions, start, end));

        List<Pending> sent = new ArrayList<>();
        Map<String, Integer> byType = new TreeMap<>();
        int read = 0;
        Set<TopicPartition> open = new LinkedHashSet<>();
        for (TopicPartition partition : partitions) {
            if (start.get(partition) < end.get(partition)) {
                consumer.seek(partition, start.get(partition));
                open.add(partition);
            }
        }
        consumer.pause(partitions.stream().filter(p -> !open.contains(p)).toList());
        long idleSince = System.nanoTime();
        while (!open.isEmpty()) {
            boolean progressed = false;
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                    continue;
                }
                progressed = true;
                read++;
                if (!selection.takes(record)) {
                    continue;
                }
                byType.merge(problemType(record), 1, Integer::sum);
                if (dryRun) {
                    out.println("would replay " + describe(record));
                } else {
                    sent.add(new Pending(describe(record), producer.send(new ProducerRecord<>(touchpointsTopic, null,
                            record.key(), record.value(), originalHeaders(record)))));
                }
            }
            for (TopicPartition partition : List.copyOf(open)) {
                if (consumer.position(partition, timeout) >= end.get(partition)) {
                    open.remove(partition);
                    consumer.pause(List.of(partition));
                }
            }
            if (progressed) {
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince > timeout.toNanos()) {
                throw new IllegalStateException("no dead letter could be read from " + deadLetterTopic + " for "
                        + timeout.toSeconds() + " s although " + ranges(List.copyOf(open), start, end)
                        + " remain; nothing was committed, run again");
            }
        }
        int selected = dryRun ? byType.values().stream().mapToInt(Integer::intValue).sum() : sent.size();
        if (dryRun) {
            return new Result(read, selected, 0, byType);
        }
        int unacknowledged = awaitAcknowledgements(sent);
        if (unacknowledged == 0) {
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            // Never backwards: a run that stopped early (--until) must not offer again what a later run read.
            end.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(Math.max(offset,
                    committed.get(partition)))));
            consumer.commitSync(commit, timeout);
        }
        return new Result(read, selected, unacknowledged, byType);
    }

    private record Pending(String description, Future<RecordMetadata> acknowledgement) {
    }

    private int awaitAcknowledgements(List<Pending> sent) {
        producer.flush();
        int failed = 0;
        for (Pending pending : sent) {
            try {
                RecordMetadata at = pending.acknowledgement().get();
                out.println("replayed " + pending.description() + " -> " + at.topic() + "-" + at.partition() + "@"
                        + at.offset());
            } catch (ExecutionException e) {
                failed++;
                out.println("NOT replayed " + pending.description() + ": " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the broker's acknowledgements", e);
            }
        }
        return failed;
    }

    private Map<TopicPartition, Long> start(List<TopicPartition> partitions, Map<TopicPartition, Long> committed,
                                            boolean fromBeginning) {
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition partition : partitions) {
            // Past the group's offset when retention has deleted the records before the log's start since.
            start.put(partition, fromBeginning ? beginning.get(partition)
                    : Math.max(beginning.get(partition), committed.get(partition)));
        }
        return start;
    }

    private Map<TopicPartition, Long> end(List<TopicPartition> partitions, Instant until) {
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
        if (until != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(partition -> query.put(partition, until.toEpochMilli()));
            consumer.offsetsForTimes(query, timeout).forEach((partition, found) -> {
                if (found != null) {
                    end.put(partition, Math.min(end.get(partition), found.offset()));
                }
            });
        }
        return end;
    }

    /** The group's committed offsets, 0 where it has none. */
    private Map<TopicPartition, Long> committed(List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> found = consumer.committed(Set.copyOf(partitions), timeout);
        Map<TopicPartition, Long> committed = new HashMap<>();
        partitions.forEach(partition -> committed.put(partition,
                found.get(partition) == null ? 0 : found.get(partition).offset()));
        return committed;
    }

    private static String ranges(List<TopicPartition> partitions, Map<TopicPartition, Long> start,
                                 Map<TopicPartition, Long> end) {
        List<String> ranges = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            if (start.get(partition) < end.get(partition)) {
                ranges.add("partition " + partition.partition() + " offsets " + start.get(partition) + "-"
                        + (end.get(partition) - 1));
            }
        }
        return ranges.isEmpty() ? "no dead letters to read" : String.join(", ", ranges);
    }

    /** The record as an operator recognises it: where, when, whose, and why it was refused. */
    private static String describe(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset() + " dead-lettered "
                + Instant.ofEpochMilli(record.timestamp()) + " key " + text(record.key()) + " " + sourceEvent(record)
                + " " + problemType(record) + ": " + header(record, DeadLetters.REASON);
    }

    /** {@code source/sourceEventId} when the value is a touchpoint envelope at all. */
    private static String sourceEvent(ConsumerRecord<byte[], byte[]> record) {
        try {
            JsonNode value = record.value() == null ? null : JSON.readTree(record.value());
            if (value != null && value.isObject()) {
                return value.path("source").asText("?") + "/" + value.path("sourceEventId").asText("?");
            }
        } catch (IOException notJson) {
            // The reason says what is wrong with it.
        }
        return "(not a touchpoint)";
    }

    private static RecordHeaders originalHeaders(ConsumerRecord<byte[], byte[]> record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (DEAD_LETTER_HEADERS.stream().noneMatch(header.key()::startsWith)) {
                headers.add(header);
            }
        }
        return headers;
    }

    private static String problemType(ConsumerRecord<byte[], byte[]> record) {
        String type = header(record, DeadLetters.PROBLEM_TYPE);
        return type.startsWith(PROBLEM_PREFIX) ? type.substring(PROBLEM_PREFIX.length())
                : type.isEmpty() ? "(no problem type)" : type;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "(none)" : new String(bytes, StandardCharsets.UTF_8);
    }
}

package org.journeyledger.journey.touchpoint.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.journeyledger.journey.config.JourneyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Watches whether the Kafka ingest moves: every {@code journey.kafka.monitor-interval} it reads the ingest consumer
 * group's committed offsets and the ends of the touchpoints topic, and reports per partition the position, the lag
 * and how long records have waited without the position moving. It is the {@code ingest} health component and the
 * {@code journey.ingest.*} gauges.
 * <p>
 * The component is {@code DOWN} when a partition this node consumes holds waiting records and its committed offset has
 * not moved for {@code journey.kafka.stall-timeout} (a record retried without end, a listener stuck in the database,
 * a consumer that stopped), or when the group's offsets could not be read for as long; it is {@code UP} again as soon
 * as the partition moves. DOWN rather than OUT_OF_SERVICE: the node is not doing part of its job, which is a fault to
 * page about, not planned maintenance. A node whose listener is not running (or has no partitions) judges every
 * partition: then only a group-wide stall turns it DOWN, since another node may have taken its partitions over.
 */
@Component("ingest")
class IngestHealth implements HealthIndicator, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestHealth.class);
    static final String LISTENER_ID = "touchpoint-ingest";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaAdmin kafkaAdmin;
    private final KafkaListenerEndpointRegistry listeners;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String topic;
    private final Duration stallTimeout;
    private final Duration interval;
    private final MultiGauge lagGauge;
    private final MultiGauge waitingGauge;

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private volatile Sample latest;
    private volatile Instant lastRecorded;
    private Admin admin;
    private ScheduledExecutorService sampler;

    IngestHealth(KafkaAdmin kafkaAdmin, KafkaListenerEndpointRegistry listeners, JdbcTemplate jdbc, Clock clock,
                 JourneyProperties properties, MeterRegistry meters) {
        this.kafkaAdmin = kafkaAdmin;
        this.listeners = listeners;
        this.jdbc = jdbc;
        this.clock = clock;
        this.topic = properties.kafka().touchpointsTopic();
        this.stallTimeout = properties.kafka().stallTimeout();
        this.interval = properties.kafka().monitorInterval();
        this.lagGauge = MultiGauge.builder("journey.ingest.lag")
                .description("Records of the touchpoints topic not yet committed by the ingest consumer group, per "
                        + "partition").register(meters);
        this.waitingGauge = MultiGauge.builder("journey.ingest.stalled")
                .description("Seconds for which a partition has held waiting records without its committed offset "
                        + "moving (0 while it moves or has nothing waiting)").baseUnit("seconds").register(meters);
        Gauge.builder("journey.ingest.stalled.partitions", () -> latest == null ? 0 : latest.stalled().size())
                .description("Partitions this node judges stalled; the ingest health is DOWN while any is")
                .register(meters);
        Gauge.builder("journey.ledger.last.recorded.age", this::secondsSinceLastRecorded)
                .description("Seconds since the newest event of the ledger was recorded (by any node, from any "
                        + "channel); -1 for an empty ledger").baseUnit("seconds").register(meters);
    }

    @Override
    public Health health() {
        Sample sample = latest != null ? latest : sample();
        Map<String, Object> byPartition = new TreeMap<>();
        sample.partitions().forEach((partition, state) -> byPartition.put(String.valueOf(partition.partition()),
                state.details(sample.judged().contains(partition), sample.at())));
        Health.Builder health = sample.isDown(stallTimeout) ? Health.down() : Health.up();
        health.withDetail("topic", topic)
                .withDetail("listenerRunning", sample.listenerRunning())
                .withDetail("stallTimeout", stallTimeout.toString())
                .withDetail("sampledAt", sample.at().toString())
                .withDetail("partitions", byPartition);
        if (!sample.stalled().isEmpty()) {
            health.withDetail("stalled", sample.stalled().stream().map(TopicPartition::partition).sorted().toList());
        }
        if (sample.error() != null) {
            health.withDetail("error", sample.error());
            health.withDetail("offsetsReadAt", sample.lastRead() == null ? "never" : sample.lastRead().toString());
        }
        return health.build();
    }

    /** Reads the offsets now and judges each partition; never throws (an unreadable group is part of the answer). */
    synchronized Sample sample() {
        Instant now = clock.instant();
        MessageListenerContainer container = listeners.getListenerContainer(LISTENER_ID);
        boolean running = container != null && container.isRunning();
        Collection<TopicPartition> assigned = running ? container.getAssignedPartitions() : null;
        Sample previous = latest;
        readLastRecorded();
        try {
            readOffsets(container, now);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String error = "cannot read the offsets of the ingest consumer group: " + e;
            log.debug("Ingest health: {}", error, e);
            Instant lastRead = previous == null ? null : previous.lastRead();
            Instant since = previous == null ? now : previous.failingSince() == null ? now : previous.failingSince();
            latest = new Sample(now, running, Map.copyOf(partitions), Set.of(), Set.of(), error, lastRead, since);
            return latest;
        }
        Set<TopicPartition> judged = assigned == null || assigned.isEmpty()
                ? Set.copyOf(partitions.keySet()) : Set.copyOf(assigned);
        Set<TopicPartition> stalled = judged.stream()
                .filter(partition -> partitions.containsKey(partition)
                        && partitions.get(partition).waitingFor(now).compareTo(stallTimeout) >= 0)
                .collect(Collectors.toUnmodifiableSet());
        latest = new Sample(now, running, Map.copyOf(partitions), judged, stalled, null, now, null);
        publish(now);
        return latest;
    }

    private void readOffsets(MessageListenerContainer container, Instant now) throws Exception {
        Admin client = admin();
        int count = client.describeTopics(List.of(topic)).allTopicNames()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> latestSpec = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliestSpec = new HashMap<>();
        for (int p = 0; p < count; p++) {
            latestSpec.put(new TopicPartition(topic, p), OffsetSpec.latest());
            earliestSpec.put(new TopicPartition(topic, p), OffsetSpec.earliest());
        }
        String group = container != null && container.getGroupId() != null ? container.getGroupId() : null;
        Map<TopicPartition, OffsetAndMetadata> committed = group == null ? Map.of()
                : client.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = client.listOffsets(latestSpec).all()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = client.listOffsets(earliestSpec).all()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        ends.forEach((partition, end) -> {
            OffsetAndMetadata commit = committed.get(partition);
            // A group that never committed on a partition will start at its beginning (auto-offset-reset earliest).
            long position = commit != null ? commit.offset() : starts.get(partition).offset();
            partitions.merge(partition, PartitionState.first(position, end.offset(), now),
                    (before, first) -> before.next(position, end.offset(), now));
        });
    }

    private void readLastRecorded() {
        try {
            // The newest row by the primary key: one index step, whatever the size of the store.
            List<String> newest = jdbc.queryForList(
                    "SELECT time_stamp FROM domain_event_entry ORDER BY global_index DESC LIMIT 1", String.class);
            lastRecorded = newest.isEmpty() ? null : Instant.parse(newest.get(0));
        } catch (RuntimeException e) {
            // The database's own health says when it is away; the gauge keeps its last value meanwhile.
            log.debug("Ingest health: cannot read the newest event's time", e);
        }
    }

    private double secondsSinceLastRecorded() {
        Instant recorded = lastRecorded;
        return recorded == null ? -1 : Math.max(0, Duration.between(recorded, clock.instant()).toMillis() / 1000.0);
    }

    private void publish(Instant now) {
        lagGauge.register(partitions.entrySet().stream().map(entry -> MultiGauge.Row.of(partitionTags(entry.getKey()),
                entry.getValue().lag())).collect(Collectors.toList()), true);
        waitingGauge.register(partitions.entrySet().stream().map(entry -> MultiGauge.Row.of(
                partitionTags(entry.getKey()), entry.getValue().waitingFor(now).toMillis() / 1000.0))
                .collect(Collectors.toList()), true);
    }

    private static Tags partitionTags(TopicPartition partition) {
        return Tags.of("topic", partition.topic(), "partition", String.valueOf(partition.partition()));
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
            config.put("client.id", "journey-ingest-health");
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public synchronized void start() {
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingest-health");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sampler != null;
    }

    /**
     * One partition as last read: where the group stands, the end of the log, and when it last moved forward or had
     * nothing waiting.
     */
    record PartitionState(long position, long end, Instant progressAt) {

        static PartitionState first(long position, long end, Instant now) {
            return new PartitionState(position, end, now);
        }

        PartitionState next(long newPosition, long newEnd, Instant now) {
            boolean moved = newPosition != position || newEnd <= newPosition;
            return new PartitionState(newPosition, newEnd, moved ? now : progressAt);
        }

        long lag() {
            return Math.max(0, end - position);
        }

        Duration waitingFor(Instant now) {
            return lag() == 0 ? Duration.ZERO : Duration.between(progressAt, now);
        }

        Map<String, Object> details(boolean judged, Instant now) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("position", position);
            details.put("end", end);
            details.put("lag", lag());
            details.put("secondsWaiting", waitingFor(now).toSeconds());
            details.put("judgedHere", judged);
            return details;
        }
    }

    /**
     * What one reading found: every partition, those this node judges, those it found stalled; or the error that kept
     * it from reading, with when offsets were last read and since when reading fails.
     */
    record Sample(Instant at, boolean listenerRunning, Map<TopicPartition, PartitionState> partitions,
                  Set<TopicPartition> judged, Set<TopicPartition> stalled, String error, Instant lastRead,
                  Instant failingSince) {

        boolean isDown(Duration stallTimeout) {
            if (error != null) {
                return Duration.between(failingSince, at).compareTo(stallTimeout) >= 0;
            }
            return !stalled.isEmpty();
        }
    }
}

package org.journeyledger.journey.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports the streaming processors (projections and the Kafka publisher) in {@code /actuator/health} and as the gauge
 * {@code journey.processor.lag}: how many events of the store each processor has yet to handle. Down when a processor
 * is stopped or in error, or when one of its segments has stood still behind the head of the store for
 * {@code journey.processors.stall-timeout}, since the context agents read, or the events other systems follow, would
 * then silently stop moving.
 * <p>
 * Positions are read from the shared token store, not only from this node's claimed segments: a segment whose batch
 * keeps failing is released between attempts and claimed by no one most of the time, and its lag would otherwise
 * vanish from every node's view.
 */
@Component("processors")
class ProcessorMonitor implements HealthIndicator, MeterBinder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration stallTimeout;
    /** Per processor and segment, the position last seen and since when it stands there. */
    private final Map<String, Observed> observed = new ConcurrentHashMap<>();

    ProcessorMonitor(EventProcessingConfiguration processing, JdbcTemplate jdbc, Clock clock,
                     @Value("${journey.processors.stall-timeout:PT1M}") Duration stallTimeout) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.clock = clock;
        this.stallTimeout = stallTimeout;
    }

    @Override
    public Health health() {
        long head = headIndex();
        Instant now = clock.instant();
        Health.Builder health = Health.up();
        processing.eventProcessors().forEach((name, processor) -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("running", processor.isRunning());
            details.put("error", processor.isError());
            boolean down = !processor.isRunning() || processor.isError();
            if (processor instanceof StreamingEventProcessor streaming) {
                Map<Integer, EventTrackerStatus> segments = streaming.processingStatus();
                Map<Integer, Long> stored = storedPositions(name);
                details.put("segmentsClaimed", segments.size());
                if (!stored.isEmpty()) {
                    details.put("segments", stored.size());
                }
                details.put("caughtUp", segments.values().stream().allMatch(EventTrackerStatus::isCaughtUp));
                details.put("replaying", streaming.isReplaying());
                details.put("lag", lag(streaming, stored, head));
                List<Integer> stalled = stalledSegments(name, stored, head, now);
                if (!stalled.isEmpty()) {
                    details.put("stalledSegments", stalled);
                    down = true;
                }
            }
            if (down) {
                health.down();
            }
            health.withDetail(name, details);
        });
        return health.build();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder("journey.processor.lag", () -> lag(streaming, storedPositions(name), headIndex()))
                        .description("Events in the store that the processor has not handled yet")
                        .tag("processor", name)
                        .register(registry);
            }
        });
    }

    /**
     * Events between the head of the store and the slowest segment: of the token store's segments when the processor
     * keeps its tokens there, else of this node's claimed segments; -1 when there is no segment to tell.
     */
    private static long lag(StreamingEventProcessor processor, Map<Integer, Long> stored, long head) {
        if (!stored.isEmpty()) {
            long slowest = stored.values().stream().mapToLong(Long::longValue).min().orElse(head);
            return Math.max(0, head - slowest);
        }
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        if (segments.isEmpty()) {
            return -1;
        }
        long slowest = Long.MAX_VALUE;
        for (EventTrackerStatus status : segments.values()) {
            OptionalLong position = status.getCurrentPosition();
            slowest = Math.min(slowest, position.orElse(-1));
        }
        return Math.max(0, head - slowest);
    }

    /** The segments that stand behind the head and have not moved for the stall timeout (as seen by these calls). */
    private List<Integer> stalledSegments(String processor, Map<Integer, Long> stored, long head, Instant now) {
        return stored.entrySet().stream().filter(segment -> {
            long position = segment.getValue();
            Observed seen = observed.compute(processor + "/" + segment.getKey(), (key, before) ->
                    before != null && before.position() == position && position < head ? before
                            : new Observed(position, now));
            return position < head && Duration.between(seen.since(), now).compareTo(stallTimeout) >= 0;
        }).map(Map.Entry::getKey).toList();
    }

    private record Observed(long position, Instant since) {
    }

    /** Each segment's position in the shared token store (-1: not started); empty for in-memory tokens. */
    private Map<Integer, Long> storedPositions(String processor) {
        Map<Integer, Long> positions = new TreeMap<>();
        jdbc.query("SELECT segment, token FROM token_entry WHERE processor_name = ?", row -> {
            positions.put(row.getInt("segment"), position(row.getBytes("token")));
        }, processor);
        return positions;
    }

    /**
     * The global index a stored token stands at. Tokens are Axon's, written as JSON by the Jackson serializer: a
     * gap-aware token's {@code index}, a replay token's current token, the lower of a merged token's two.
     */
    static long position(byte[] token) {
        if (token == null) {
            return -1;
        }
        try {
            Long index = index(JSON.readTree(token));
            return index == null ? -1 : index;
        } catch (IOException e) {
            return -1;
        }
    }

    private static Long index(JsonNode token) {
        if (token == null || !token.isObject()) {
            return null;
        }
        if (token.has("currentToken")) {
            return index(token.get("currentToken"));
        }
        if (token.has("lowerSegmentToken")) {
            Long lower = index(token.get("lowerSegmentToken"));
            Long upper = index(token.get("upperSegmentToken"));
            return lower == null ? upper : upper == null ? lower : Math.min(lower, upper);
        }
        JsonNode index = token.has("index") ? token.get("index") : token.get("globalIndex");
        return index != null && index.canConvertToLong() ? index.asLong() : null;
    }

    private long headIndex() {
        Long head = jdbc.queryForObject("SELECT coalesce(max(global_index), -1) FROM domain_event_entry", Long.class);
        return head == null ? -1 : head;
    }
}

package org.journeyledger.journey.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reports the streaming processors (projections and the Kafka publisher) in {@code /actuator/health} and as the gauge
 * {@code journey.processor.lag}: how many events of the store each processor has yet to handle. Down when a processor
 * is stopped or in error, since the context agents read, or the events other systems follow, would then silently
 * stop moving.
 */
@Component("processors")
class ProcessorMonitor implements HealthIndicator, MeterBinder {

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;

    ProcessorMonitor(EventProcessingConfiguration processing, JdbcTemplate jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        long head = headIndex();
        Health.Builder health = Health.up();
        processing.eventProcessors().forEach((name, processor) -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("running", processor.isRunning());
            details.put("error", processor.isError());
            if (processor instanceof StreamingEventProcessor streaming) {
                Map<Integer, EventTrackerStatus> segments = streaming.processingStatus();
                details.put("segmentsClaimed", segments.size());
                details.put("caughtUp", segments.values().stream().allMatch(EventTrackerStatus::isCaughtUp));
                details.put("replaying", streaming.isReplaying());
                details.put("lag", lag(streaming, head));
            }
            if (!processor.isRunning() || processor.isError()) {
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
                Gauge.builder("journey.processor.lag", () -> lag(streaming, headIndex()))
                        .description("Events in the store that the processor has not handled yet")
                        .tag("processor", name)
                        .register(registry);
            }
        });
    }

    /** Events between the head of the store and the slowest claimed segment; -1 when no segment is claimed. */
    private static long lag(StreamingEventProcessor processor, long head) {
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

    private long headIndex() {
        Long head = jdbc.queryForObject("SELECT coalesce(max(global_index), -1) FROM domain_event_entry", Long.class);
        return head == null ? -1 : head;
    }
}

package org.journeyledger.journey.timeline;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.journeyledger.journey.conversation.ConversationHandedOverEvent;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Adds one {@code timeline_entry} row per recorded touchpoint.
 */
@Component
@ProcessingGroup(TimelineProjection.PROCESSING_GROUP)
class TimelineProjection {

    static final String PROCESSING_GROUP = "timeline";

    private final JdbcTemplate jdbc;

    TimelineProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(TouchpointRecordedEvent event, EventMessage<?> message) {
        jdbc.update("""
                        INSERT INTO timeline_entry (event_id, customer_id, occurred_at, recorded_at, source,
                                                    source_event_id, channel, type, conversation_id, actor, data)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                        ON CONFLICT (event_id) DO NOTHING
                        """,
                message.getIdentifier(), event.customerId().value(), Timestamp.from(event.occurredAt()),
                Timestamp.from(message.getTimestamp()), event.source(), event.sourceEventId(), event.channel(),
                event.type(), event.conversationId(), event.actor(), event.data().toString());
    }

    /** Marks the touchpoint that moved a conversation to another channel, so the timeline shows the handover. */
    @EventHandler
    void on(ConversationHandedOverEvent event) {
        jdbc.update("UPDATE timeline_entry SET handover_from = ? WHERE event_id = ?", event.fromChannel(),
                event.origin().touchpointEventId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM timeline_entry");
    }
}

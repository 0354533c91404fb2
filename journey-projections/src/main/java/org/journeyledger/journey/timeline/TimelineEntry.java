package org.journeyledger.journey.timeline;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One touchpoint on a customer's timeline, with both times: when it happened and when the ledger learned of it.
 *
 * @param handoverFrom the channel the conversation was in before this touchpoint moved it here, else null
 */
public record TimelineEntry(String eventId, String source, String sourceEventId, String channel, String type,
                            Instant occurredAt, Instant recordedAt, String conversationId, String actor,
                            JsonNode data, String handoverFrom) {
}

package org.journeyledger.journey.timeline;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One touchpoint on a customer's timeline, with both times: when it happened and when the ledger learned of it.
 */
public record TimelineEntry(String eventId, String source, String sourceEventId, String channel, String type,
                            Instant occurredAt, Instant recordedAt, String conversationId, String actor,
                            JsonNode data) {
}

package org.journeyledger.journey.publication;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One ledger event as other systems read it on {@code journey.events}: schema {@value #SCHEMA}, documented with an
 * example in {@code docs/kafka.md}. A change that breaks readers gets a new schema name; fields may be added.
 *
 * @param schema          always {@value #SCHEMA} for this shape
 * @param eventId         the ledger event id (the {@code eventId} the HTTP API answered for a touchpoint); unique, so
 *                        consumers deduplicate by it (publication is at least once)
 * @param type            the event's name without the {@code Event} suffix, e.g. {@code TouchpointRecorded}
 * @param payloadRevision the revision of the payload's shape (see {@code docs/events.md})
 * @param customerId      the customer, also the record key
 * @param sequence        position in the customer's stream, from 0, without gaps
 * @param globalIndex     position in the whole ledger (increasing, not necessarily contiguous)
 * @param occurredAt      when it happened according to the channel, for events that say; otherwise recordedAt
 * @param recordedAt      when the ledger recorded it
 * @param payload         the event's fields as stored (see {@code docs/events.md})
 */
@JsonPropertyOrder({"schema", "eventId", "type", "payloadRevision", "customerId", "sequence", "globalIndex",
        "occurredAt", "recordedAt", "payload"})
record PublishedEvent(String schema, String eventId, String type, String payloadRevision, String customerId,
                      long sequence, Long globalIndex, Instant occurredAt, Instant recordedAt, JsonNode payload) {

    static final String SCHEMA = "journey.event/v1";
}

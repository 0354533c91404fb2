package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.identity.Identifier;

import java.time.Instant;
import java.util.List;

/**
 * A channel's touchpoint is now part of the customer's history. The event's own timestamp is when the ledger
 * recorded it ({@code recordedAt}); {@code occurredAt} is when it happened according to the channel.
 * <p>
 * The fields are spelled out rather than nesting {@link Touchpoint} so that the stored schema changes only when
 * this record does.
 */
@Revision("1")
public record TouchpointRecordedEvent(CustomerId customerId, String source, String sourceEventId, String channel,
                                      String type, Instant occurredAt, List<Identifier> identifiers,
                                      String conversationId, String actor, ObjectNode data) {
}

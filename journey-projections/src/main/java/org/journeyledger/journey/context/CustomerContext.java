package org.journeyledger.journey.context;

import org.journeyledger.journey.customer.CustomerJourneyStartedEvent;
import org.journeyledger.journey.identity.IdentifierLinkedEvent;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a channel needs to know about a customer before it speaks to them, folded from the customer's events.
 * <p>
 * This one fold is used by the live projection and, over the events recorded up to a moment, for "what did we know
 * then" reads, so the two can never drift apart. It is a plain mutable document (stored as JSONB) because it is
 * rebuilt event by event and never shared between threads.
 */
public class CustomerContext {

    /** The customer's ledger id. */
    public String customerId;
    /** Identifiers the customer is known by, in the order they were linked. */
    public List<KnownIdentifier> identifiers = new ArrayList<>();
    /** Earliest and latest {@code occurredAt} of the customer's touchpoints. */
    public Instant firstSeen;
    public Instant lastSeen;
    public long touchpointCount;
    /** Per channel: how often the customer used it and their latest touchpoint there (by {@code occurredAt}). */
    public SortedMap<String, ChannelUse> channels = new TreeMap<>();
    /** When the ledger recorded the latest event folded into this document. */
    public Instant knownAsOf;

    /** An identifier with where and when the ledger learned it. */
    public record KnownIdentifier(String type, String value, String source, Instant linkedAt) {
    }

    /** How a customer used one channel. */
    public static class ChannelUse {
        public long touchpointCount;
        public LastTouchpoint lastTouchpoint;
    }

    /** The latest touchpoint in one channel. */
    public record LastTouchpoint(String eventId, String type, String source, String sourceEventId,
                                 Instant occurredAt, Instant recordedAt) {
    }

    /** An empty context for a customer, to fold events into. */
    public static CustomerContext empty(String customerId) {
        CustomerContext context = new CustomerContext();
        context.customerId = customerId;
        return context;
    }

    /**
     * Folds one event into the context. Events of types this fold does not know are ignored, so new event types never
     * break older readers.
     *
     * @param payload    the event's payload
     * @param eventId    the ledger's id of the event
     * @param recordedAt when the ledger recorded it
     */
    public void apply(Object payload, String eventId, Instant recordedAt) {
        if (payload instanceof CustomerJourneyStartedEvent) {
            // Nothing to show yet: the identifiers and touchpoint follow in the same stream.
        } else if (payload instanceof IdentifierLinkedEvent linked) {
            identifiers.add(new KnownIdentifier(linked.identifier().type(), linked.identifier().value(),
                    linked.source(), recordedAt));
        } else if (payload instanceof TouchpointRecordedEvent touchpoint) {
            onTouchpoint(touchpoint, eventId, recordedAt);
        }
        if (knownAsOf == null || recordedAt.isAfter(knownAsOf)) {
            knownAsOf = recordedAt;
        }
    }

    private void onTouchpoint(TouchpointRecordedEvent touchpoint, String eventId, Instant recordedAt) {
        Instant occurredAt = touchpoint.occurredAt();
        touchpointCount++;
        if (firstSeen == null || occurredAt.isBefore(firstSeen)) {
            firstSeen = occurredAt;
        }
        if (lastSeen == null || occurredAt.isAfter(lastSeen)) {
            lastSeen = occurredAt;
        }
        ChannelUse use = channels.computeIfAbsent(touchpoint.channel(), channel -> new ChannelUse());
        use.touchpointCount++;
        // A late arrival (a POS batch uploaded at night) must not displace a more recent touchpoint.
        if (use.lastTouchpoint == null || !occurredAt.isBefore(use.lastTouchpoint.occurredAt())) {
            use.lastTouchpoint = new LastTouchpoint(eventId, touchpoint.type(), touchpoint.source(),
                    touchpoint.sourceEventId(), occurredAt, recordedAt);
        }
    }
}

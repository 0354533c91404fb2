package org.journeyledger.journey.context;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * What the ledger knew about a customer at a past moment: the customer's events recorded up to then, folded by the
 * very {@link CustomerContext} fold the live projection uses, so the two views cannot drift apart. A late arrival
 * (a POS batch uploaded tonight about yesterday) is in today's context but not in one as of before it arrived.
 */
@Component
public class ContextAsOf {

    private final EventStore events;

    ContextAsOf(EventStore events) {
        this.events = events;
    }

    public CustomerContext at(String customerId, Instant asOf) {
        CustomerContext context = CustomerContext.empty(customerId);
        events.readEvents(customerId).asStream()
                .filter(event -> !event.getTimestamp().isAfter(asOf))
                .forEach(event -> context.apply(event.getPayload(), event.getIdentifier(), event.getTimestamp()));
        return context;
    }
}

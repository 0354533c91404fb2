package org.journeyledger.journey.customer;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.identity.IdentifierLinkedEvent;
import org.journeyledger.journey.ledger.LedgerEventIds;
import org.journeyledger.journey.touchpoint.RecordTouchpointCommand;
import org.journeyledger.journey.touchpoint.Touchpoint;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;

import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One customer's journey: the aggregate that decides on every command about the customer and whose event stream is
 * the customer's history. Command handlers only decide and apply; state changes only in the event sourcing handlers.
 * <p>
 * The aggregate keeps only what its decisions need (the identifiers it owns); everything a person reads is built by
 * projections. It is registered with Axon by journey-api, which keeps this module free of Spring.
 */
public class CustomerJourney {

    @AggregateIdentifier
    private CustomerId customerId;
    private final Set<Identifier> identifiers = new HashSet<>();

    /** For Axon, which creates an empty aggregate and replays its events into it. */
    protected CustomerJourney() {
    }

    /**
     * Records a touchpoint, first starting the journey if the customer is new and linking any identifier of the
     * touchpoint the customer did not have yet. That no other customer owns those identifiers is checked by the
     * caller in the same transaction (the set-based validation the ledger's identity index performs).
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordTouchpointCommand command) {
        Touchpoint touchpoint = command.touchpoint();
        if (customerId == null) {
            apply(new CustomerJourneyStartedEvent(command.customerId()));
        }
        for (Identifier identifier : touchpoint.identifiers()) {
            if (!identifiers.contains(identifier)) {
                apply(new IdentifierLinkedEvent(customerId, identifier, touchpoint.source(),
                        touchpoint.sourceEventId()));
            }
        }
        apply(new TouchpointRecordedEvent(customerId, touchpoint.source(), touchpoint.sourceEventId(),
                        touchpoint.channel(), touchpoint.type(), touchpoint.occurredAt(), touchpoint.identifiers(),
                        touchpoint.conversationId(), touchpoint.actor(), touchpoint.data()),
                LedgerEventIds.withEventId(command.eventId()));
    }

    @EventSourcingHandler
    void on(CustomerJourneyStartedEvent event) {
        customerId = event.customerId();
    }

    @EventSourcingHandler
    void on(IdentifierLinkedEvent event) {
        identifiers.add(event.identifier());
    }
}

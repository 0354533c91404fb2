package org.journeyledger.journey.ledger;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MetaData;

import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Lets a command handler choose the identifier of an event it applies, so the ledger can answer a channel with the
 * event id in the same request that stored it, and give the same answer on a redelivery.
 * <p>
 * Axon always generates a random message identifier on {@code apply}; this dispatch interceptor, registered on the
 * event store, replaces it with the value of the {@link #METADATA_KEY} metadata entry and removes that entry, so the
 * stored event carries the chosen id and no trace of the mechanism.
 */
public final class LedgerEventIds implements MessageDispatchInterceptor<EventMessage<?>> {

    /** Metadata key read (and removed) by this interceptor. */
    public static final String METADATA_KEY = "ledgerEventId";

    /** Metadata to pass to {@code AggregateLifecycle.apply(payload, metaData)} to give the event this id. */
    public static MetaData withEventId(String eventId) {
        return MetaData.with(METADATA_KEY, eventId);
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> {
            Object chosen = message.getMetaData().get(METADATA_KEY);
            if (!(chosen instanceof String eventId) || !(message instanceof DomainEventMessage<?> domain)) {
                return message;
            }
            return new GenericDomainEventMessage<>(domain.getType(), domain.getAggregateIdentifier(),
                    domain.getSequenceNumber(), domain.getPayload(), domain.getMetaData().withoutKeys(Set.of(METADATA_KEY)),
                    eventId, domain.getTimestamp());
        };
    }
}

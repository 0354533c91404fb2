package org.journeyledger.journey.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.journeyledger.journey.identity.CustomerStreams;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Customer streams read from Axon's event store (upcast and deserialised), inside the caller's transaction when there
 * is one, so that a merge sees the events it has just appended.
 */
@Component
class EventStoreStreams implements CustomerStreams {

    private final EventStore events;

    EventStoreStreams(EventStore events) {
        this.events = events;
    }

    @Override
    public List<? extends DomainEventMessage<?>> read(String customerId) {
        return events.readEvents(customerId).asStream().toList();
    }

    /** Only the events from {@code firstSequenceNumber} on are read from the store (Axon's snapshots are not used). */
    @Override
    public List<? extends DomainEventMessage<?>> read(String customerId, long firstSequenceNumber) {
        return events.readEvents(customerId, firstSequenceNumber).asStream().toList();
    }
}

package org.journeyledger.journey.identity;

import org.axonframework.eventhandling.DomainEventMessage;

import java.util.List;

/**
 * Reads one customer's own event stream, oldest first. A merged customer's history spans several streams
 * ({@link EffectiveHistory}); whoever folds it (the aggregate, the projections, as-of reads) reads them through this.
 */
@FunctionalInterface
public interface CustomerStreams {

    List<? extends DomainEventMessage<?>> read(String customerId);

    /**
     * The customer's own stream from sequence number {@code firstSequenceNumber} on, oldest first: what a reader that
     * already holds the events before it needs. Implementations backed by a store read only those events.
     */
    default List<? extends DomainEventMessage<?>> read(String customerId, long firstSequenceNumber) {
        return read(customerId).stream().filter(event -> event.getSequenceNumber() >= firstSequenceNumber).toList();
    }
}

package org.journeyledger.journey.identity;

import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Instant;
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

    /**
     * The events of the customer's own stream from sequence number {@code firstSequenceNumber} on that were recorded
     * by {@code upTo} (timestamp not after it), oldest first: what an as-of read needs of a long stream whose end
     * lies after the instant it asks about. Implementations backed by a store leave the later events in it.
     */
    default List<? extends DomainEventMessage<?>> readRecordedBy(String customerId, long firstSequenceNumber,
                                                                  Instant upTo) {
        return read(customerId, firstSequenceNumber).stream().filter(event -> !event.getTimestamp().isAfter(upTo))
                .toList();
    }
}

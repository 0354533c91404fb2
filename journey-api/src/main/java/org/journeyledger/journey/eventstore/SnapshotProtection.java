package org.journeyledger.journey.eventstore;

import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Serializer;

/**
 * How customer snapshots are kept: a customer's decision state (identifiers, orders, conversations) is personal data,
 * so a snapshot is stored sealed with the customer's data key and goes with it when the customer is erased.
 * Snapshots are a cache of the stream, never part of the history: any of them may be ignored or deleted, and the
 * aggregate is then folded from its events.
 */
public interface SnapshotProtection {

    /** Seals snapshots as they are stored and opens them as they are read. */
    Serializer serializer();

    /** Lets through only the snapshots that can be opened and are of the aggregate's current revision. */
    SnapshotFilter filter();

    /** Whether a snapshot of the customer could be sealed now: false once the customer is erased. */
    boolean canSeal(String customerId);

    /** Deletes the customer's snapshots in the caller's transaction. */
    void forget(String customerId);
}

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
}

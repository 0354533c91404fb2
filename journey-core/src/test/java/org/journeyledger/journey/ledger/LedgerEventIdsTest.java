package org.journeyledger.journey.ledger;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerEventIdsTest {

    private final LedgerEventIds interceptor = new LedgerEventIds();

    @Test
    void anEventAppliedWithAChosenIdIsStoredUnderThatIdWithoutTheMetadataEntry() {
        EventMessage<?> applied = new GenericDomainEventMessage<>("CustomerJourney", "c-1", 4, "payload",
                LedgerEventIds.withEventId("evt-42").and("correlationId", "corr-1"));

        EventMessage<?> stored = interceptor.handle(List.of(applied)).apply(0, applied);

        assertThat(stored.getIdentifier()).isEqualTo("evt-42");
        assertThat(stored.getMetaData()).isEqualTo(MetaData.with("correlationId", "corr-1"));
        assertThat(stored.getTimestamp()).isEqualTo(applied.getTimestamp());
        assertThat(((DomainEventMessage<?>) stored).getSequenceNumber()).isEqualTo(4);
        assertThat(((DomainEventMessage<?>) stored).getAggregateIdentifier()).isEqualTo("c-1");
    }

    @Test
    void anEventWithoutAChosenIdKeepsItsGeneratedOne() {
        EventMessage<?> applied = new GenericDomainEventMessage<>("CustomerJourney", "c-1", 0, "payload");

        assertThat(interceptor.handle(List.of(applied)).apply(0, applied)).isSameAs(applied);
    }
}

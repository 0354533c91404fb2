package org.journeyledger.journey.customer;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.journeyledger.journey.identity.CustomerStreams;

/**
 * An Axon test fixture for {@link CustomerJourney}, with the fixture's own event store as the streams the aggregate
 * reads when a merge makes other customers' histories part of its own.
 */
public final class JourneyFixture {

    private JourneyFixture() {
    }

    public static AggregateTestFixture<CustomerJourney> create() {
        AggregateTestFixture<CustomerJourney> fixture = new AggregateTestFixture<>(CustomerJourney.class);
        CustomerStreams streams = customerId -> fixture.getEventStore().readEvents(customerId).asStream().toList();
        fixture.registerInjectableResource(streams);
        return fixture;
    }
}

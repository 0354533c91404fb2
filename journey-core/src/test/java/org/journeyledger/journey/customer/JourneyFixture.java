package org.journeyledger.journey.customer;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.journeyledger.journey.identity.CustomerStreams;
import org.journeyledger.journey.touchpoint.Origin;
import org.journeyledger.journey.touchpoint.RecordTouchpointCommand;
import org.journeyledger.journey.touchpoint.Touchpoint;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;

/**
 * An Axon test fixture for {@link CustomerJourney}, with the fixture's own event store as the streams the aggregate
 * reads when a merge makes other customers' histories part of its own.
 */
public final class JourneyFixture {

    private JourneyFixture() {
    }

    /** Where the events a recorded touchpoint causes say they were learned. */
    static Origin origin(RecordTouchpointCommand command) {
        return Origin.of(command.eventId(), command.touchpoint());
    }

    /** The event recording the command's touchpoint. */
    static TouchpointRecordedEvent recorded(RecordTouchpointCommand command) {
        Touchpoint t = command.touchpoint();
        return new TouchpointRecordedEvent(command.customerId(), t.source(), t.sourceEventId(), t.channel(), t.type(),
                t.occurredAt(), t.identifiers(), t.conversationId(), t.actor(), t.data());
    }

    public static AggregateTestFixture<CustomerJourney> create() {
        AggregateTestFixture<CustomerJourney> fixture = new AggregateTestFixture<>(CustomerJourney.class);
        CustomerStreams streams = customerId -> fixture.getEventStore().readEvents(customerId).asStream().toList();
        fixture.registerInjectableResource(streams);
        return fixture;
    }
}

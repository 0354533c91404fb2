package org.journeyledger.journey.customer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.identity.IdentifierLinkedEvent;
import org.journeyledger.journey.touchpoint.RecordTouchpointCommand;
import org.journeyledger.journey.touchpoint.Touchpoint;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

class CustomerJourneyTest {

    private static final CustomerId CUSTOMER = CustomerId.of("c-7f3a");
    private static final Identifier CARD = new Identifier("loyalty_card", "LC88812");
    private static final Identifier EMAIL = new Identifier("email", "mira.k@example.org");
    private static final Instant AT = Instant.parse("2026-03-14T10:15:30Z");

    private AggregateTestFixture<CustomerJourney> fixture;

    @BeforeEach
    void setUp() {
        fixture = JourneyFixture.create();
    }

    @Test
    void aFirstTouchpointStartsTheJourneyAndLinksItsIdentifiers() {
        Touchpoint purchase = touchpoint("pos-17", "r-1", "store", List.of(CARD));

        fixture.givenNoPriorActivity()
               .when(new RecordTouchpointCommand(CUSTOMER, "e-1", purchase))
               .expectEvents(new CustomerJourneyStartedEvent(CUSTOMER),
                             new IdentifierLinkedEvent(CUSTOMER, CARD, "pos-17", "r-1"),
                             recorded(purchase));
    }

    @Test
    void aTouchpointWithAKnownAndANewIdentifierLinksOnlyTheNewOne() {
        Touchpoint login = touchpoint("web-shop", "s-9", "web", List.of(CARD, EMAIL));

        fixture.given(new CustomerJourneyStartedEvent(CUSTOMER),
                      new IdentifierLinkedEvent(CUSTOMER, CARD, "pos-17", "r-1"))
               .when(new RecordTouchpointCommand(CUSTOMER, "e-2", login))
               .expectEvents(new IdentifierLinkedEvent(CUSTOMER, EMAIL, "web-shop", "s-9"), recorded(login));
    }

    @Test
    void aTouchpointWithOnlyKnownIdentifiersLinksNothing() {
        Touchpoint call = touchpoint("genesys", "call-4", "call_centre", List.of(EMAIL));

        fixture.given(new CustomerJourneyStartedEvent(CUSTOMER),
                      new IdentifierLinkedEvent(CUSTOMER, EMAIL, "web-shop", "s-9"))
               .when(new RecordTouchpointCommand(CUSTOMER, "e-3", call))
               .expectEvents(recorded(call));
    }

    private static Touchpoint touchpoint(String source, String sourceEventId, String channel, List<Identifier> ids) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("note", "varied " + sourceEventId);
        return new Touchpoint(source, sourceEventId, channel, "interaction", AT, ids, null, null, data, null);
    }

    private static TouchpointRecordedEvent recorded(Touchpoint t) {
        return new TouchpointRecordedEvent(CUSTOMER, t.source(), t.sourceEventId(), t.channel(), t.type(),
                t.occurredAt(), t.identifiers(), t.conversationId(), t.actor(), t.data());
    }
}

package org.journeyledger.journey.erasure;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.customer.CustomerJourney;
import org.journeyledger.journey.customer.CustomerJourneyStartedEvent;
import org.journeyledger.journey.customer.JourneyFixture;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.identity.IdentifierLinkedEvent;
import org.journeyledger.journey.touchpoint.RecordTouchpointCommand;
import org.journeyledger.journey.touchpoint.Touchpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ErasureRulesTest {

    private static final CustomerId CUSTOMER = CustomerId.of("c-9e21");
    private static final Identifier EMAIL = new Identifier("email", "lena.p@example.org");
    private static final Instant AT = Instant.parse("2026-03-14T10:15:30Z");

    private AggregateTestFixture<CustomerJourney> fixture;

    @BeforeEach
    void setUp() {
        fixture = JourneyFixture.create();
    }

    @Test
    void erasingACustomerRecordsTheErasureAndAnswersItsEventId() {
        fixture.given(new CustomerJourneyStartedEvent(CUSTOMER),
                      new IdentifierLinkedEvent(CUSTOMER, EMAIL, "web-shop", "s-1"))
               .when(new EraseCustomerCommand(CUSTOMER, "erasure-1", "GDPR art. 17, PRIV-7", AT))
               .expectEvents(new CustomerErasedEvent(CUSTOMER, "GDPR art. 17, PRIV-7", AT))
               .expectResultMessagePayload("erasure-1");
    }

    @Test
    void anErasedCustomerRefusesTouchpoints() {
        fixture.given(new CustomerJourneyStartedEvent(CUSTOMER),
                      new CustomerErasedEvent(CUSTOMER, "GDPR art. 17", AT))
               .when(new RecordTouchpointCommand(CUSTOMER, "e-2", new Touchpoint("web-shop", "s-2", "web", "login",
                       AT, List.of(EMAIL), null, null, JsonNodeFactory.instance.objectNode(), null)))
               .expectNoEvents()
               .expectException(CustomerErasedException.class);
    }

    @Test
    void erasingAnErasedCustomerAgainRecordsNothing() {
        fixture.given(new CustomerJourneyStartedEvent(CUSTOMER),
                      new CustomerErasedEvent(CUSTOMER, "GDPR art. 17", AT))
               .when(new EraseCustomerCommand(CUSTOMER, "erasure-2", "again", AT.plusSeconds(60)))
               .expectNoEvents()
               .expectResultMessagePayloadMatching(org.hamcrest.Matchers.not("erasure-2"));
    }

    @Test
    void personalDataOfAnUntypedTouchpointIsEveryDataFieldAndOfATypedOneAllButTheListed() {
        var data = JsonNodeFactory.instance.objectNode().put("kind", "call").put("summary", "s").put("mood", "x");
        assertThat(PersonalData.inTouchpointData("interaction", data)).extracting(Object::toString)
                .containsExactly("/summary", "/mood");
        assertThat(PersonalData.inTouchpointData("newsletter_opened", data)).extracting(Object::toString)
                .containsExactly("/kind", "/summary", "/mood");
    }
}

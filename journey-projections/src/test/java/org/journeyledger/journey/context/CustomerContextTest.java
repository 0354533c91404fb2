package org.journeyledger.journey.context;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.customer.CustomerJourneyStartedEvent;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.identity.IdentifierLinkedEvent;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerContextTest {

    private static final CustomerId CUSTOMER = CustomerId.of("c-91");
    private static final Identifier PHONE = new Identifier("phone", "+447700900123");

    @Test
    void aTouchpointShowsInTheCountsTheSeenTimesAndItsChannel() {
        CustomerContext context = CustomerContext.empty(CUSTOMER.value());
        context.apply(new CustomerJourneyStartedEvent(CUSTOMER), "e0", Instant.parse("2026-05-02T10:00:00Z"));
        context.apply(new IdentifierLinkedEvent(CUSTOMER, PHONE, "avaya", "c-1"), "e1",
                Instant.parse("2026-05-02T10:00:00Z"));
        context.apply(touchpoint("call_centre", "c-1", "2026-05-02T09:59:00Z"), "e2",
                Instant.parse("2026-05-02T10:00:00Z"));

        assertThat(context.touchpointCount).isEqualTo(1);
        assertThat(context.firstSeen).isEqualTo(context.lastSeen).isEqualTo(Instant.parse("2026-05-02T09:59:00Z"));
        assertThat(context.identifiers).extracting(CustomerContext.KnownIdentifier::value).containsExactly("+447700900123");
        assertThat(context.channels.get("call_centre").lastTouchpoint.eventId()).isEqualTo("e2");
    }

    @Test
    void aLateArrivalMovesFirstSeenButDoesNotDisplaceTheLatestTouchpointOfItsChannel() {
        CustomerContext context = CustomerContext.empty(CUSTOMER.value());
        context.apply(touchpoint("store", "r-2", "2026-05-03T15:00:00Z"), "recent",
                Instant.parse("2026-05-03T15:00:01Z"));
        context.apply(touchpoint("store", "r-1", "2026-05-01T11:00:00Z"), "late",
                Instant.parse("2026-05-04T02:00:00Z"));

        assertThat(context.firstSeen).isEqualTo(Instant.parse("2026-05-01T11:00:00Z"));
        assertThat(context.lastSeen).isEqualTo(Instant.parse("2026-05-03T15:00:00Z"));
        assertThat(context.channels.get("store").touchpointCount).isEqualTo(2);
        assertThat(context.channels.get("store").lastTouchpoint.eventId()).isEqualTo("recent");
        assertThat(context.knownAsOf).isEqualTo(Instant.parse("2026-05-04T02:00:00Z"));
    }

    @Test
    void theDocumentSurvivesStorageAsJson() throws Exception {
        CustomerContext context = CustomerContext.empty(CUSTOMER.value());
        context.apply(new IdentifierLinkedEvent(CUSTOMER, PHONE, "avaya", "c-1"), "e1", Instant.parse("2026-05-02T10:00:00Z"));
        context.apply(touchpoint("web", "w-1", "2026-05-02T09:59:00Z"), "e2", Instant.parse("2026-05-02T10:00:00Z"));

        String json = ReadModelJson.mapper().writeValueAsString(context);
        CustomerContext read = ReadModelJson.mapper().readValue(json, CustomerContext.class);

        assertThat(read).usingRecursiveComparison().isEqualTo(context);
    }

    private static TouchpointRecordedEvent touchpoint(String channel, String sourceEventId, String occurredAt) {
        return new TouchpointRecordedEvent(CUSTOMER, channel + "-system", sourceEventId, channel, "interaction",
                Instant.parse(occurredAt), List.of(PHONE), null, null, JsonNodeFactory.instance.objectNode());
    }
}

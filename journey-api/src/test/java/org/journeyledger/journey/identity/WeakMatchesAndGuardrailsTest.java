package org.journeyledger.journey.identity;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.shortId;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * A shared tablet proves nothing; "unknown" is nobody's email; fifty emails are a bug. Weak identifiers only propose,
 * junk never links, and no customer collects identifiers without limit.
 */
class WeakMatchesAndGuardrailsTest extends LedgerIntegrationTest {

    @Autowired
    private EventStore events;

    @Test
    void aDeviceSeenOnTwoCustomersProposesAMatchThatARejectionSettlesForGood() {
        String device = "tablet-" + shortId();
        String first = recordNew(with(with(touchpoint("app", "login", Instant.now()), "email", email()),
                "device_id", device));
        String secondEmail = email();
        String second = recordNew(with(touchpoint("web", "login", Instant.now()), "email", secondEmail));

        HttpResult onShared = record(with(with(touchpoint("app", "login", Instant.now()), "email", secondEmail),
                "device_id", device));

        assertThat(onShared.body().get("customerId").asText()).as("a weak identifier never merges").isEqualTo(second);
        JsonNode firstContext = awaitContext(first, c -> c.path("possibleMatches").size() == 1);
        JsonNode secondContext = awaitContext(second, c -> c.path("possibleMatches").size() == 1);
        JsonNode match = secondContext.path("possibleMatches").elements().next();
        assertThat(match.path("otherCustomerId").asText()).isEqualTo(first);
        assertThat(match.path("sharedIdentifier").path("value").asText()).isEqualTo(device);
        assertThat(firstContext.path("possibleMatches").path(match.path("matchId").asText()).path("otherCustomerId")
                .asText()).isEqualTo(second);

        HttpResult rejected = post("/api/customers/" + second + "/matches/" + match.path("matchId").asText()
                + "/reject", JSON.createObjectNode().put("actor", "agent-12").put("reason", "Sisters share a tablet"));

        assertThat(rejected.status()).as("%s", rejected.body()).isEqualTo(200);
        awaitContext(first, c -> c.path("possibleMatches").isEmpty());
        awaitContext(second, c -> c.path("possibleMatches").isEmpty());
        record(with(with(touchpoint("app", "login", Instant.now()), "email", secondEmail), "device_id", device));
        assertThat(count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier IN (?, ?)"
                        + " AND payload_type LIKE '%PossibleMatchProposedEvent'", first, second))
                .as("a rejected pair is never proposed again").isEqualTo(2);
        assertThat(resolve("device_id", device).body().get("customerId").asText()).isEqualTo(first);
    }

    @Test
    void aNewEmailOnSomeoneElsesTabletStartsACustomerOfItsOwnAndProposesAMatch() {
        String device = "tablet-" + shortId();
        String motherEmail = email();
        String mother = recordNew(with(with(touchpoint("app", "login", Instant.now()), "email", motherEmail),
                "device_id", device));
        String daughterEmail = email();

        HttpResult onTablet = record(with(with(touchpoint("app", "signup", Instant.now()), "email", daughterEmail),
                "device_id", device));

        String daughter = onTablet.body().get("customerId").asText();
        assertThat(daughter).as("a weak identifier alone never joins two people").isNotEqualTo(mother);
        assertThat(resolve("email", daughterEmail).body().get("customerId").asText()).isEqualTo(daughter);
        assertThat(resolve("email", motherEmail).body().get("customerId").asText()).isEqualTo(mother);
        assertThat(resolve("device_id", device).body().get("customerId").asText()).isEqualTo(mother);
        JsonNode match = awaitContext(daughter, c -> c.path("possibleMatches").size() == 1)
                .path("possibleMatches").elements().next();
        assertThat(match.path("otherCustomerId").asText()).isEqualTo(mother);
        assertThat(match.path("sharedIdentifier").path("value").asText()).isEqualTo(device);
        awaitContext(mother, c -> c.path("possibleMatches").size() == 1);
    }

    @Test
    void confirmingAPossibleMatchMergesTheTwo() {
        String device = "phone-" + shortId();
        String older = recordNew(with(with(touchpoint("app", "login", Instant.now()), "email", email()),
                "device_id", device));
        String newerEmail = email();
        String newer = recordNew(with(touchpoint("web", "login", Instant.now()), "email", newerEmail));
        record(with(with(touchpoint("app", "login", Instant.now()), "email", newerEmail), "device_id", device));
        String matchId = awaitContext(newer, c -> c.path("possibleMatches").size() == 1).path("possibleMatches")
                .elements().next().path("matchId").asText();

        HttpResult confirmed = post("/api/customers/" + newer + "/matches/" + matchId + "/confirm",
                JSON.createObjectNode().put("actor", "agent-4"));

        assertThat(confirmed.status()).as("%s", confirmed.body()).isEqualTo(200);
        assertThat(confirmed.body().get("customerId").asText()).isEqualTo(older);
        JsonNode context = awaitContext(older, c -> c.path("merges").size() == 1);
        assertThat(context.path("merges").get(0).path("reason").asText()).isEqualTo("match_confirmed");
        assertThat(context.path("merges").get(0).path("mergedBy").asText()).isEqualTo("agent-4");
        assertThat(context.path("possibleMatches").isEmpty()).isTrue();
        assertThat(resolve("email", newerEmail.toLowerCase()).body().get("customerId").asText()).isEqualTo(older);
        assertThat(post("/api/customers/" + older + "/matches/" + matchId + "/confirm",
                JSON.createObjectNode().put("actor", "agent-4")).status()).as("decided once").isEqualTo(409);
    }

    @Test
    void junkIdentifiersStayOnTheTouchpointButNeverLinkTwoStrangers() {
        String card = loyaltyCard();
        String shopper = recordNew(with(with(touchpoint("store", "visit", Instant.now()), "loyalty_card", card),
                "email", "TEST@test.com"));
        String stranger = recordNew(with(with(touchpoint("web", "login", Instant.now()), "email", email()),
                "email", "test@test.com"));

        assertThat(stranger).isNotEqualTo(shopper);
        assertThat(resolve("email", "test@test.com").status()).isEqualTo(404);
        assertThat(events.readEvents(shopper, 0).asStream().map(DomainEventMessage::getPayload)
                .filter(TouchpointRecordedEvent.class::isInstance).map(TouchpointRecordedEvent.class::cast)
                .flatMap(recorded -> recorded.identifiers().stream()))
                .as("kept on the touchpoint as sent").contains(new Identifier("email", "test@test.com"));
        assertThat(awaitContext(shopper, c -> c.path("touchpointCount").asLong() == 1).path("identifiers"))
                .hasSize(1);

        HttpResult onlyJunk = record(with(touchpoint("call_centre", "contact", Instant.now()), "phone", "unknown"));
        assertThat(onlyJunk.status()).isEqualTo(400);
        assertThat(onlyJunk.errorFields()).containsExactly("identifiers");
    }

    @Test
    void aCustomerOwnsNoMoreIdentifiersOfOneTypeThanTheLimit() {
        String card = loyaltyCard();
        String customer = recordNew(with(touchpoint("store", "visit", Instant.now()), "loyalty_card", card));
        String lastEmail = null;
        for (int i = 0; i < 11; i++) {
            lastEmail = email();
            record(with(with(touchpoint("web", "login", Instant.now()), "loyalty_card", card), "email", lastEmail));
        }

        JsonNode context = awaitContext(customer, c -> c.path("touchpointCount").asLong() == 12);
        assertThat(context.path("identifiers")).filteredOn(id -> id.path("type").asText().equals("email"))
                .hasSize(10);
        assertThat(resolve("email", lastEmail).status()).as("the eleventh email stays on its touchpoint only")
                .isEqualTo(404);
    }
}

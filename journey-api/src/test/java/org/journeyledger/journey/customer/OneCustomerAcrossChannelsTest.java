package org.journeyledger.journey.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.purchase;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

class OneCustomerAcrossChannelsTest extends LedgerIntegrationTest {

    @Test
    void aStorePurchaseAndAWebLoginWithTheSameCardAreOneCustomerFoundByAnyIdentifier() {
        String card = loyaltyCard();
        String email = email();
        Instant bought = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        ObjectNode purchase = with(purchase("store", bought), "loyalty_card", card);
        ObjectNode login = with(with(touchpoint("web", "login", bought.plus(2, ChronoUnit.DAYS)),
                "loyalty_card", card.replace(" ", "").replace("-", "")), "email", email);

        String storeCustomer = recordNew(purchase);
        String webCustomer = recordNew(login);

        assertThat(webCustomer).isEqualTo(storeCustomer);
        assertThat(resolve("loyalty_card", card).body().get("customerId").asText()).isEqualTo(storeCustomer);
        assertThat(resolve("email", email.toUpperCase()).body().get("customerId").asText()).isEqualTo(storeCustomer);
        HttpResult byEmail = resolve("email", "  " + email + " ");
        assertThat(byEmail.body().at("/identifier/value").asText()).isEqualTo(email.toLowerCase());

        JsonNode context = awaitContext(storeCustomer, c -> c.path("touchpointCount").asInt() == 2);
        assertThat(types(context.get("identifiers"))).containsExactly("loyalty_card", "email");
        assertThat(context.get("firstSeen").asText()).isEqualTo(bought.toString());
        assertThat(context.get("lastSeen").asText()).isEqualTo(bought.plus(2, ChronoUnit.DAYS).toString());
        assertThat(context.at("/channels/store/lastTouchpoint/type").asText()).isEqualTo("purchase");
        assertThat(context.at("/channels/web/lastTouchpoint/sourceEventId").asText())
                .isEqualTo(login.get("sourceEventId").asText());

        JsonNode timeline = awaitTimeline(storeCustomer, 2);
        JsonNode newest = timeline.at("/items/0");
        assertThat(newest.get("channel").asText()).isEqualTo("web");
        assertThat(newest.get("source").asText()).isEqualTo(login.get("source").asText());
        assertThat(newest.get("sourceEventId").asText()).isEqualTo(login.get("sourceEventId").asText());
        assertThat(newest.get("type").asText()).isEqualTo("login");
        assertThat(newest.get("occurredAt").asText()).isEqualTo(login.get("occurredAt").asText());
        assertThat(newest.get("recordedAt").asText()).isNotEmpty();
        assertThat(newest.get("data")).isEqualTo(login.get("data"));
        assertThat(newest.get("eventId").asText()).isNotEmpty();
        assertThat(timeline.at("/items/1/channel").asText()).isEqualTo("store");
        assertThat(timeline.get("nextCursor")).isNull();
    }

    @Test
    void theAnswerNamesTheLedgerEventThatTheTimelineShows() {
        ObjectNode call = with(touchpoint("call_centre", "contact", Instant.now()), "phone", "+1 415 555 0134");

        HttpResult answer = record(call);

        assertThat(answer.status()).isEqualTo(201);
        String customerId = answer.body().get("customerId").asText();
        JsonNode timeline = awaitTimeline(customerId, 1);
        assertThat(timeline.at("/items/0/eventId").asText()).isEqualTo(answer.body().get("eventId").asText());
        assertThat(count("SELECT count(*) FROM domain_event_entry WHERE event_identifier = ?",
                answer.body().get("eventId").asText())).isEqualTo(1);
    }

    @Test
    void anUnknownIdentifierOrCustomerIsAProblemNotAnEmptyAnswer() {
        HttpResult unknownIdentifier = resolve("email", email());
        HttpResult unknownCustomer = get("/api/customers/no-such-customer/context");
        HttpResult malformed = get("/api/customers/resolve?identifier=nocolon");

        assertThat(unknownIdentifier.status()).isEqualTo(404);
        assertThat(unknownIdentifier.contentType()).startsWith("application/problem+json");
        assertThat(unknownCustomer.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorFields()).containsExactly("identifier");
    }

    private static List<String> types(JsonNode identifiers) {
        List<String> types = new ArrayList<>();
        identifiers.forEach(identifier -> types.add(identifier.get("type").asText()));
        return types;
    }
}

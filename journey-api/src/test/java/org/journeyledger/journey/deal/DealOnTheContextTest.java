package org.journeyledger.journey.deal;

import com.fasterxml.jackson.databind.JsonNode;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.shortId;

/**
 * Field story S4 through the running application: a deal recorded by a field sales rep is on the context when the
 * customer calls the contact centre, and leaves "active" by itself when it expires.
 */
class DealOnTheContextTest extends LedgerIntegrationTest {

    @Test
    void aFieldSalesDealIsActiveWhenTheCustomerCallsAndExpiresByItself() {
        Instant now = Instant.now();
        Scenario buyer = new Scenario("email", email());
        String dealId = "DEAL-" + shortId();
        String rep = "rep:territory-" + shortId();
        String terms = shortId() + ": 12% off consumables, free next-day delivery";
        Instant validUntil = now.plusSeconds(3);
        String customerId = recordNew(buyer.deal("field_sales", now.minus(1, ChronoUnit.HOURS), dealId, terms,
                now.minus(1, ChronoUnit.DAYS), validUntil, rep));
        recordNew(buyer.interaction("call_centre", "call-" + shortId(), now, "call", "Asks about delivery terms"));

        JsonNode context = awaitContext(customerId, c -> c.path("deals").has(dealId)
                && c.at("/channels/call_centre/touchpointCount").asInt() == 1);
        JsonNode deal = context.path("deals").get(dealId);
        if (Instant.now().isBefore(validUntil)) {
            assertThat(deal.get("status").asText()).isEqualTo("active");
        }
        assertThat(deal.get("terms").asText()).isEqualTo(terms);
        assertThat(deal.get("agreedBy").asText()).isEqualTo(rep);
        assertThat(deal.get("recordedIn").asText()).isEqualTo("field_sales");
        assertThat(Instant.parse(deal.get("validUntil").asText())).isEqualTo(validUntil);

        JsonNode later = awaitContext(customerId, c -> c.at("/deals/" + dealId + "/status").asText().equals("expired"));
        assertThat(Instant.parse(later.at("/attributes/asOf").asText())).isAfterOrEqualTo(validUntil);
    }
}

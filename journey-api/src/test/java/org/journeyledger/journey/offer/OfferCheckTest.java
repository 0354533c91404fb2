package org.journeyledger.journey.offer;

import com.fasterxml.jackson.databind.JsonNode;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.shortId;

/**
 * Field story S5, the offer check, through the running application: a channel asks before sending an offer; the
 * ledger refuses a just-bought sku, a withdrawn consent and a customer with an open issue, allows otherwise, and
 * records every decision.
 */
class OfferCheckTest extends LedgerIntegrationTest {

    private static final String PURPOSE = "marketing_email";

    @Test
    void anOfferForAJustBoughtSkuIsRefusedAndForAnotherAllowedUntilConsentIsWithdrawn() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Scenario customer = new Scenario("email", email());
        String bought = "SKU-" + shortId();
        String other = "SKU-" + shortId();
        String customerId = recordNew(customer.consent("web", now.minus(10, ChronoUnit.DAYS), PURPOSE, true));
        recordNew(customer.purchase("web", now.minus(2, ChronoUnit.DAYS), "WEB-" + shortId(), null, bought, "audio",
                1, new BigDecimal("49.90"), 0, "EUR"));

        JsonNode refused = check(customerId, "email", bought, other);
        assertThat(refused.get("allowed").asBoolean()).isFalse();
        assertThat(reasons(refused)).containsExactly("recently_bought:" + bought);

        JsonNode allowed = check(customerId, "app", other);
        assertThat(allowed.get("allowed").asBoolean()).isTrue();
        assertThat(allowed.get("reasons")).isEmpty();

        recordNew(customer.consent("app", now, PURPOSE, false));
        JsonNode withdrawn = check(customerId, "email", other);
        assertThat(withdrawn.get("allowed").asBoolean()).isFalse();
        assertThat(reasons(withdrawn)).containsExactly("consent_withdrawn:" + PURPOSE);

        for (JsonNode decision : List.of(refused, allowed, withdrawn)) {
            String type = decision.get("allowed").asBoolean() ? "OfferClearedEvent" : "OfferSuppressedEvent";
            assertThat(count("SELECT count(*) FROM domain_event_entry WHERE event_identifier = ?"
                    + " AND aggregate_identifier = ? AND payload_type LIKE ?",
                    decision.get("checkId").asText(), customerId, "%." + type)).isEqualTo(1);
        }
        JsonNode context = awaitContext(customerId, c -> c.path("offerChecks").size() == 3);
        assertThat(context.at("/offerChecks/0/checkId").asText()).isEqualTo(withdrawn.get("checkId").asText());
        assertThat(context.at("/offerChecks/1/allowed").asBoolean()).isTrue();
        assertThat(context.at("/offerChecks/2/reasons/0/subject").asText()).isEqualTo(bought);
        assertThat(context.at("/consents/" + PURPOSE + "/granted").asBoolean()).isFalse();
        assertThat(context.at("/consents/" + PURPOSE + "/channel").asText()).isEqualTo("app");
        // Three touchpoints and the three decisions.
        JsonNode timeline = awaitTimeline(customerId, 6).get("items");
        assertThat(timeline).filteredOn(item -> item.get("source").asText().equals("journey-ledger"))
                .extracting(item -> item.get("type").asText() + ":" + item.get("sourceEventId").asText())
                .containsExactlyInAnyOrder("offer_suppressed:" + refused.get("checkId").asText(),
                        "offer_cleared:" + allowed.get("checkId").asText(),
                        "offer_suppressed:" + withdrawn.get("checkId").asText());
    }

    @Test
    void anOfferWhileAnIssueIsOpenIsRefusedAndAllowedOnceItIsResolved() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Scenario customer = new Scenario("email", email());
        String issueId = "INC-" + shortId();
        String customerId = recordNew(customer.consent("email", now.minus(1, ChronoUnit.HOURS), PURPOSE, true));
        recordNew(customer.issueRaised("chat", "case-" + shortId(), now.minusSeconds(600), issueId,
                "Parcel arrived damaged"));

        JsonNode refused = check(customerId, "web", "SKU-" + shortId());
        assertThat(refused.get("allowed").asBoolean()).isFalse();
        assertThat(reasons(refused)).containsExactly("open_issue:" + issueId);

        recordNew(customer.issueResolved("chat", now, issueId, "n/a"));
        assertThat(check(customerId, "web", "SKU-" + shortId()).get("allowed").asBoolean()).isTrue();
    }

    @Test
    void aCheckWithoutConsentOnRecordIsRefusedAndBadRequestsNameTheField() {
        Scenario customer = new Scenario("email", email());
        String customerId = recordNew(customer.fact("web", null, Instant.now(), "shoe_size", "41"));

        assertThat(reasons(check(customerId, "app", "SKU-" + shortId()))).containsExactly("consent_missing:" + PURPOSE);
        HttpResult bad = post("/api/customers/" + customerId + "/offer-checks",
                Map.of("skus", List.of(), "channel", "pigeon", "purpose", "Marketing Email"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("skus", "channel", "purpose");
        com.fasterxml.jackson.databind.node.ObjectNode consent = customer.consent("web", Instant.now(), "SMS", true);
        ((com.fasterxml.jackson.databind.node.ObjectNode) consent.get("data")).put("granted", "yes");
        HttpResult badConsent = record(consent);
        assertThat(badConsent.status()).isEqualTo(400);
        assertThat(badConsent.body().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("data.purpose", "data.granted");
        HttpResult unknown = post("/api/customers/" + java.util.UUID.randomUUID() + "/offer-checks",
                Map.of("skus", List.of("A"), "channel", "web", "purpose", PURPOSE));
        assertThat(unknown.status()).isEqualTo(404);
    }

    private JsonNode check(String customerId, String channel, String... skus) {
        HttpResult result = post("/api/customers/" + customerId + "/offer-checks",
                Map.of("offerId", "offer-" + shortId(), "skus", List.of(skus), "channel", channel, "purpose", PURPOSE));
        assertThat(result.status()).as(result.body().toString()).isEqualTo(200);
        assertThat(result.body().get("customerId").asText()).isEqualTo(customerId);
        return result.body();
    }

    private static List<String> reasons(JsonNode answer) {
        List<String> reasons = new ArrayList<>();
        answer.get("reasons").forEach(r -> reasons.add(r.get("code").asText() + ":" + r.get("subject").asText()));
        return reasons;
    }
}

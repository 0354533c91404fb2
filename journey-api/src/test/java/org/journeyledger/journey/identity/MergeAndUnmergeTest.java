package org.journeyledger.journey.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.KafkaTopics;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.shortId;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * The store knew a loyalty card, the web shop an email: two customers, until a touchpoint shows both. Then one
 * customer with both histories; and when the merge turns out wrong, two again, exactly as before.
 */
class MergeAndUnmergeTest extends LedgerIntegrationTest {

    private final Instant start = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aTouchpointCarryingTheStoreCardAndTheWebEmailMakesOneCustomerWithBothHistories() {
        String card = loyaltyCard();
        String mail = email();
        Scenario store = new Scenario("loyalty_card", card);
        Scenario web = new Scenario("email", mail);
        String storeCustomer = recordNew(store.purchase("store", start, "ORD-" + shortId(), "store-12", "SKU-TENT",
                "outdoor", 1, new BigDecimal("199.00"), 0, "EUR"));
        String webCustomer = recordNew(web.fact("web", null, start.plusSeconds(3600), "delivery_address",
                "12 Harbour Road"));
        String promiseId = "cb-" + shortId();
        record(web.promise("web", null, start.plusSeconds(3700), promiseId, Instant.now().plus(Duration.ofDays(2))));
        assertThat(webCustomer).isNotEqualTo(storeCustomer);

        ObjectNode chat = with(with(touchpoint("chat", "interaction", start.plusSeconds(7200)), "loyalty_card", card),
                "email", mail);
        chat.putObject("data").put("kind", "message").put("direction", "inbound").put("summary", "Where is my tent?");
        HttpResult merged = record(chat);

        assertThat(merged.status()).isEqualTo(201);
        assertThat(merged.body().get("customerId").asText()).as("the customer known longest survives")
                .isEqualTo(storeCustomer);
        JsonNode context = awaitContext(storeCustomer, c -> c.path("touchpointCount").asLong() == 4);
        assertThat(identifierTypes(context)).contains("loyalty_card", "email");
        assertThat(context.path("purchases")).hasSize(1);
        assertThat(context.path("facts").path("delivery_address").path("value").asText())
                .as("what the customer told the web shop, the store now knows").isEqualTo("12 Harbour Road");
        assertThat(context.path("merges").get(0).path("absorbedCustomerId").asText()).isEqualTo(webCustomer);
        assertThat(context.path("merges").get(0).path("reason").asText()).isEqualTo("shared_identifier");
        assertThat(awaitTimeline(storeCustomer, 4).path("items")).hasSize(4);
        String mergeId = context.path("merges").get(0).path("mergeId").asText();
        assertThat(KafkaTopics.readUntil("journey.events", records -> records.stream().filter(r ->
                KafkaTopics.text(r.value()).contains(mergeId)).count() == 2))
                .as("both halves of the merge are published for subscribers").isNotEmpty();

        assertThat(resolve("email", mail.toLowerCase()).body().get("customerId").asText()).isEqualTo(storeCustomer);
        assertThat(get("/api/customers/" + webCustomer + "/context").body().get("customerId").asText())
                .as("the absorbed id answers with the survivor").isEqualTo(storeCustomer);
        assertThat(get("/api/customers/" + webCustomer + "/timeline").body().path("items")).hasSize(4);

        HttpResult kept = record(store.promiseKept("call_centre", start.plusSeconds(9000), promiseId));
        assertThat(kept.status()).as("a promise the web shop made is the survivor's to keep: %s", kept.body())
                .isEqualTo(201);
        assertThat(awaitContext(storeCustomer, c -> c.path("promises").path(promiseId).path("status").asText()
                .equals("kept")).path("promises").path(promiseId).path("keptIn").asText()).isEqualTo("call_centre");
    }

    @Test
    void undoingAMergeGivesBothCustomersBackExactlyWithWhatEachDidSince() {
        String card = loyaltyCard();
        String mail = email();
        Scenario store = new Scenario("loyalty_card", card);
        Scenario web = new Scenario("email", mail);
        String storeCustomer = recordNew(store.purchase("store", start, "ORD-" + shortId(), "store-3", "SKU-KETTLE",
                "kitchen", 1, new BigDecimal("49.90"), 0, "EUR"));
        record(store.fact("store", null, start.plusSeconds(60), "preferred_store", "store-3"));
        String webCustomer = recordNew(web.fact("web", null, start.plusSeconds(3600), "size", "M"));
        record(web.consent("web", start.plusSeconds(3660), "marketing_email", true));
        JsonNode storeBefore = awaitContext(storeCustomer, c -> c.path("touchpointCount").asLong() == 2);
        // The consent is folded after the touchpoint that carries it (and may land in the next processing batch).
        JsonNode webBefore = awaitContext(webCustomer, c -> c.path("touchpointCount").asLong() == 2
                && c.path("consents").has("marketing_email"));

        // A shared family email made them one …
        String merging = recordNew(with(with(touchpoint("web", "login", start.plusSeconds(7200)),
                "loyalty_card", card), "email", mail));
        JsonNode merged = awaitContext(merging, c -> c.path("touchpointCount").asLong() == 5);
        String mergeId = merged.path("merges").get(0).path("mergeId").asText();
        Instant whileMerged = Instant.now();
        // … and since then the web shop wrote to the email only, the store saw the card only.
        HttpResult byEmail = record(web.fact("email", null, start.plusSeconds(9000), "size", "L"));
        HttpResult byCard = record(store.fact("store", null, start.plusSeconds(9100), "preferred_store", "store-9"));
        assertThat(List.of(byEmail.body().get("customerId").asText(), byCard.body().get("customerId").asText()))
                .containsOnly(storeCustomer);
        awaitContext(storeCustomer, c -> c.path("touchpointCount").asLong() == 7);

        HttpResult undone = post("/api/customers/" + storeCustomer + "/unmerge",
                JSON.createObjectNode().put("mergeId", mergeId).put("reason", "Two people share the family email")
                        .put("actor", "auditor-7"));

        assertThat(undone.status()).as("%s", undone.body()).isEqualTo(200);
        assertThat(undone.body().get("restoredCustomerId").asText()).isEqualTo(webCustomer);
        JsonNode webAfter = awaitContext(webCustomer, c -> c.path("touchpointCount").asLong() == 3
                && c.path("mergedInto").isMissingNode());
        JsonNode storeAfter = awaitContext(storeCustomer, c -> c.path("touchpointCount").asLong() == 4
                && !c.path("merges").get(0).path("undoneAt").isMissingNode());
        assertThat(identifiers(webAfter)).isEqualTo(identifiers(webBefore));
        assertThat(identifiers(storeAfter)).isEqualTo(identifiers(storeBefore));
        assertThat(webAfter.path("consents")).isEqualTo(webBefore.path("consents"));
        assertThat(webAfter.path("facts").path("size").path("value").asText())
                .as("what the customer told the email channel since went back with them").isEqualTo("L");
        assertThat(storeAfter.path("facts").has("size")).isFalse();
        assertThat(storeAfter.path("facts").path("preferred_store").path("value").asText()).isEqualTo("store-9");
        assertThat(storeAfter.path("purchases")).isEqualTo(storeBefore.path("purchases"));
        assertThat(storeAfter.path("merges").get(0).path("undoneBy").asText()).isEqualTo("auditor-7");
        assertThat(resolve("email", mail.toLowerCase()).body().get("customerId").asText()).isEqualTo(webCustomer);
        assertThat(resolve("loyalty_card", card).body().get("customerId").asText()).isEqualTo(storeCustomer);
        assertThat(awaitTimeline(webCustomer, 3).path("items")).hasSize(3);
        assertThat(awaitTimeline(storeCustomer, 4).path("items")).hasSize(4);

        // History keeps the merge and the split; as of while merged, the survivor had both.
        assertThat(jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier IN (?, ?)"
                        + " AND payload_type LIKE '%.identity.Customer%' ORDER BY global_index", String.class,
                storeCustomer, webCustomer)).extracting(type -> type.substring(type.lastIndexOf('.') + 1))
                .containsExactly("CustomerMergedIntoEvent", "CustomersMergedEvent", "CustomersUnmergedEvent",
                        "CustomerRestoredEvent");
        JsonNode asOf = get("/api/customers/" + storeCustomer + "/context?asOf=" + whileMerged).body();
        assertThat(identifierTypes(asOf)).contains("loyalty_card", "email");
        assertThat(get("/api/audit/customers/" + storeCustomer + "/verify").body().path("intact").asBoolean())
                .isTrue();
    }

    @Test
    void aPromiseMadeToTheAbsorbedCustomerBreaksOnceOnTheSurvivorWhenItFallsDue() {
        String card = loyaltyCard();
        String mail = email();
        String storeCustomer = recordNew(with(touchpoint("store", "visit", start), "loyalty_card", card));
        Scenario web = new Scenario("email", mail);
        String webCustomer = recordNew(web.interaction("chat", "case-" + shortId(), start.plusSeconds(60), "message",
                "Call me back about my order"));
        String promiseId = "cb-" + shortId();
        record(web.promise("chat", null, start.plusSeconds(90), promiseId, Instant.now().plusSeconds(4)));
        recordNew(with(with(touchpoint("web", "login", start.plusSeconds(120)), "loyalty_card", card), "email", mail));

        JsonNode context = awaitContext(storeCustomer, c -> c.path("promises").path(promiseId).path("status").asText()
                .equals("broken"));

        assertThat(context.path("promises").path(promiseId).path("madeIn").asText()).isEqualTo("chat");
        awaitContext(storeCustomer, c -> c.path("merges").size() == 1);
        assertThat(count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier IN (?, ?)"
                + " AND payload_type LIKE '%PromiseBrokenEvent'", storeCustomer, webCustomer))
                .as("the survivor's deadline broke it; the absorbed customer's own deadline did nothing")
                .isEqualTo(1);
    }

    @Test
    void anUnmergeNamesWhatIsMissingAndRefusesAMergeThatDoesNotStand() {
        String customer = recordNew(with(touchpoint("web", "login", start), "email", email()));

        HttpResult missing = post("/api/customers/" + customer + "/unmerge", JSON.createObjectNode());
        HttpResult unknown = post("/api/customers/" + customer + "/unmerge", JSON.createObjectNode()
                .put("mergeId", "no-such-merge").put("reason", "test").put("actor", "auditor-1"));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorFields()).containsExactlyInAnyOrder("mergeId", "reason", "actor");
        assertThat(unknown.status()).isEqualTo(409);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    /** The context's identifiers as TYPE:VALUE, in the order they were linked. */
    private static List<String> identifiers(JsonNode context) {
        List<String> identifiers = new ArrayList<>();
        context.path("identifiers").forEach(identifier -> identifiers.add(identifier.path("type").asText() + ":"
                + identifier.path("value").asText()));
        return identifiers;
    }

    private static List<String> identifierTypes(JsonNode context) {
        return identifiers(context).stream().map(identifier -> identifier.substring(0, identifier.indexOf(':')))
                .toList();
    }
}

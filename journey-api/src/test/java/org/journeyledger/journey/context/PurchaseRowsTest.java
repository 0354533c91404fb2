package org.journeyledger.journey.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.shortId;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * A customer's orders are stored one row each beside the context document, and written only when they change: the
 * document read back must be the fold all the same — orders newest first with what happened to them, none lost when
 * a merge brings another customer's orders, none left behind when it is undone.
 */
class PurchaseRowsTest extends LedgerIntegrationTest {

    private final Instant day = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void anOrderIsWrittenWhenItChangesAndReadBackInItsPlace() {
        Scenario customer = new Scenario("email", email());
        String first = "ORD-" + shortId();
        String second = "ORD-" + shortId();
        String customerId = recordNew(customer.purchase("store", day, first, "store-1", "MUG-1", "kitchen", 2,
                new BigDecimal("8.50"), 0, "EUR"));
        record(customer.purchase("web", day.plusSeconds(60), second, null, "TEA-1", "food", 1,
                new BigDecimal("4.00"), 0, "EUR"));
        // Same instant as the second: the one folded first stays first.
        String third = "ORD-" + shortId();
        record(customer.purchase("app", day.plusSeconds(60), third, null, "CUP-1", "kitchen", 1,
                new BigDecimal("3.00"), 0, "EUR"));
        awaitContext(customerId, c -> c.path("purchases").size() == 3);
        long secondWritten = rowVersion(customerId, second);
        long firstWritten = rowVersion(customerId, first);

        HttpResult adjusted = record(customer.priceAdjustment("call_centre", day.plusSeconds(120), first,
                new BigDecimal("1.70"), "EUR"));
        assertThat(adjusted.status()).as("%s", adjusted.body()).isEqualTo(201);
        record(customer.fact("chat", null, day.plusSeconds(180), "size", "M"));

        JsonNode context = awaitContext(customerId, c -> c.path("facts").has("size"));
        assertThat(context.path("purchases").findValuesAsText("orderId")).containsExactly(second, third, first);
        assertThat(context.at("/purchases/2/priceAdjustments/0/amount").decimalValue()).isEqualByComparingTo("1.70");
        assertThat(context.at("/purchases/2/adjustedAmount").decimalValue()).isEqualByComparingTo("1.70");
        assertThat(context.at("/purchases/0/items/0/sku").asText()).isEqualTo("TEA-1");
        assertThat(rowVersion(customerId, first)).as("the adjusted order was written again").isNotEqualTo(firstWritten);
        assertThat(rowVersion(customerId, second)).as("an order nothing happened to was not").isEqualTo(secondWritten);
        assertThat(count("SELECT count(*) FROM customer_context WHERE customer_id = ?"
                + " AND document -> 'purchases' IS NOT NULL", customerId))
                .as("the document holds no orders of its own").isZero();
        assertThat(context.path("purchaseCount").asInt()).isEqualTo(3);

        // An order and its adjustment in one append (and so, most likely, in one processing batch), beside an
        // adjustment of an order stored long before.
        String fourth = "ORD-" + shortId();
        ArrayNode batch = JSON.createArrayNode()
                .add(customer.purchase("web", day.plusSeconds(240), fourth, null, "POT-1", "kitchen", 1,
                        new BigDecimal("20.00"), 0, "EUR"))
                .add(customer.priceAdjustment("web", day.plusSeconds(241), fourth, new BigDecimal("2.00"), "EUR"))
                .add(customer.priceAdjustment("web", day.plusSeconds(242), second, new BigDecimal("0.40"), "EUR"));
        assertThat(post("/api/touchpoints/batch", batch).body().get("stored").asInt()).isEqualTo(3);

        JsonNode after = awaitContext(customerId, c -> c.path("touchpointCount").asLong() == 8);
        assertThat(after.path("purchases").findValuesAsText("orderId")).containsExactly(fourth, second, third, first);
        assertThat(after.path("purchases").findValues("adjustedAmount")).extracting(JsonNode::decimalValue)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("2.00"), new BigDecimal("0.40"), BigDecimal.ZERO, new BigDecimal("1.70"));
        assertThat(after.path("purchaseCount").asInt()).isEqualTo(4);
        assertThat(orderRows(customerId)).isEqualTo(4);
    }

    @Test
    void aMergeBringsTheAbsorbedCustomersOrdersAndItsUndoingTakesThemBack() {
        String card = loyaltyCard();
        String mail = email();
        Scenario store = new Scenario("loyalty_card", card);
        Scenario web = new Scenario("email", mail);
        String kept = "ORD-" + shortId();
        String storeCustomer = recordNew(store.purchase("store", day, kept, "store-3", "SKU-KETTLE", "kitchen", 1,
                new BigDecimal("49.90"), 0, "EUR"));
        List<String> webOrders = List.of("ORD-" + shortId(), "ORD-" + shortId());
        String webCustomer = recordNew(web.purchase("web", day.plusSeconds(3600), webOrders.get(0), null, "SKU-TENT",
                "outdoor", 1, new BigDecimal("199.00"), 0, "EUR"));
        record(web.purchase("web", day.plusSeconds(3700), webOrders.get(1), null, "SKU-MAT", "outdoor", 2,
                new BigDecimal("25.00"), 0, "EUR"));
        awaitContext(webCustomer, c -> c.path("purchases").size() == 2);

        String merged = recordNew(with(with(touchpoint("web", "login", day.plusSeconds(7200)), "loyalty_card", card),
                "email", mail));
        assertThat(merged).isEqualTo(storeCustomer);
        JsonNode both = awaitContext(storeCustomer, c -> c.path("purchases").size() == 3);
        assertThat(both.path("purchases").findValuesAsText("orderId"))
                .containsExactly(webOrders.get(1), webOrders.get(0), kept);
        assertThat(orderRows(storeCustomer)).isEqualTo(3);
        String mergeId = both.path("merges").get(0).path("mergeId").asText();

        HttpResult undone = post("/api/customers/" + storeCustomer + "/unmerge", JSON.createObjectNode()
                .put("mergeId", mergeId).put("reason", "Two people share the card").put("actor", "auditor-3"));

        assertThat(undone.status()).as("%s", undone.body()).isEqualTo(200);
        JsonNode storeAfter = awaitContext(storeCustomer, c -> c.path("purchases").size() == 1);
        JsonNode webAfter = awaitContext(webCustomer, c -> c.path("purchases").size() == 2
                && c.path("mergedInto").isMissingNode());
        assertThat(storeAfter.path("purchases").findValuesAsText("orderId")).containsExactly(kept);
        assertThat(webAfter.path("purchases").findValuesAsText("orderId"))
                .containsExactly(webOrders.get(1), webOrders.get(0));
        assertThat(orderRows(storeCustomer)).as("no row left of the orders that went back").isEqualTo(1);
        assertThat(orderRows(webCustomer)).isEqualTo(2);
    }

    /** The transaction that last wrote the order's row. */
    private long rowVersion(String customerId, String orderId) {
        return count("SELECT xmin::text::bigint FROM customer_purchase WHERE customer_id = ?"
                + " AND document ->> 'orderId' = ?", customerId, orderId);
    }

    private long orderRows(String customerId) {
        return count("SELECT count(*) FROM customer_purchase WHERE customer_id = ?", customerId);
    }
}

package org.journeyledger.journey.commerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.shortId;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * Field story S1 through the running application: a store purchase on a loyalty card, a web login that links the
 * card to an email, a better promotion emailed afterwards; the call centre sees all of it with the difference owed,
 * records a price adjustment, and the store sees it too.
 */
class PromotionPriceProtectionTest extends LedgerIntegrationTest {

    @Test
    void theCallCentreSeesTheStorePurchaseAndThePromotionAndItsAdjustmentIsSeenInTheStore() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String card = loyaltyCard();
        String mail = email();
        Scenario atTheTill = new Scenario("loyalty_card", card);
        Scenario online = new Scenario("email", mail);
        String sku = "SHOE-" + shortId();
        String orderId = "POS-" + shortId();
        String storeId = "store-" + ThreadLocalRandom.current().nextInt(1, 51);
        BigDecimal unitPrice = new BigDecimal(ThreadLocalRandom.current().nextInt(4000, 16000)).movePointLeft(2);
        int quantity = ThreadLocalRandom.current().nextInt(1, 3);

        String customerId = recordNew(atTheTill.purchase("store", now.minus(3, ChronoUnit.DAYS), orderId, storeId,
                sku, "shoes", quantity, unitPrice, 20, "EUR"));
        recordNew(atTheTill.fact("store", null, now.minus(3, ChronoUnit.DAYS).plusSeconds(60), "associate_statement",
                "The price will not drop"));
        ObjectNode login = with(with(touchpoint("web", "login", now.minus(2, ChronoUnit.DAYS)), "loyalty_card", card),
                "email", mail);
        assertThat(recordNew(login)).isEqualTo(customerId);
        String offerId = "promo-" + shortId();
        recordNew(online.offer("email", now.minus(1, ChronoUnit.DAYS), offerId, List.of(sku, "OTHER-" + shortId()),
                30, now.plus(7, ChronoUnit.DAYS)));

        // The agent on the phone finds her by email.
        String resolved = resolve("email", mail.toLowerCase()).body().get("customerId").asText();
        assertThat(resolved).isEqualTo(customerId);
        BigDecimal owed = unitPrice.multiply(BigDecimal.valueOf(quantity)).multiply(BigDecimal.TEN)
                .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
        JsonNode context = awaitContext(customerId, c -> c.path("offers").size() == 1
                && c.path("purchases").size() == 1 && c.path("facts").has("associate_statement"));

        JsonNode purchase = context.at("/purchases/0");
        assertThat(purchase.get("orderId").asText()).isEqualTo(orderId);
        assertThat(purchase.get("channel").asText()).isEqualTo("store");
        assertThat(purchase.get("storeId").asText()).isEqualTo(storeId);
        assertThat(purchase.at("/items/0/discountPercent").decimalValue()).isEqualByComparingTo("20");
        assertThat(context.at("/facts/associate_statement/value").asText()).isEqualTo("The price will not drop");
        assertThat(context.at("/offers/0/offerId").asText()).isEqualTo(offerId);
        assertThat(context.at("/offers/0/channel").asText()).isEqualTo("email");
        assertThat(context.at("/offers/0/valid").asBoolean()).isTrue();
        assertThat(purchase.at("/priceProtection/0/sku").asText()).isEqualTo(sku);
        assertThat(purchase.at("/priceProtection/0/offerId").asText()).isEqualTo(offerId);
        assertThat(purchase.get("eligibleDifference").decimalValue()).isEqualByComparingTo(owed);
        assertThat(purchase.get("remainingEligibleDifference").decimalValue()).isEqualByComparingTo(owed);
        BigDecimal paid = unitPrice.multiply(BigDecimal.valueOf(quantity)).multiply(new BigDecimal("0.8"))
                .setScale(2, RoundingMode.HALF_UP);
        assertThat(context.at("/attributes/salesLast365Days/EUR").decimalValue()).isEqualByComparingTo(paid);

        // The agent records the price adjustment by phone.
        HttpResult adjusted = record(online.priceAdjustment("call_centre", now, orderId, owed, "EUR"));
        assertThat(adjusted.status()).as(adjusted.body().toString()).isEqualTo(201);

        // The store resolves her by the card as printed and sees the adjustment; nothing is owed any more.
        String inStore = resolve("loyalty_card", card.toLowerCase()).body().get("customerId").asText();
        assertThat(inStore).isEqualTo(customerId);
        JsonNode after = awaitContext(inStore, c -> c.at("/purchases/0/priceAdjustments").size() == 1);
        assertThat(after.at("/purchases/0/priceAdjustments/0/channel").asText()).isEqualTo("call_centre");
        assertThat(after.at("/purchases/0/priceAdjustments/0/amount").decimalValue()).isEqualByComparingTo(owed);
        assertThat(after.at("/purchases/0/remainingEligibleDifference").decimalValue()).isZero();
        assertThat(after.at("/attributes/salesLast365Days/EUR").decimalValue())
                .isEqualByComparingTo(paid.subtract(owed));
        assertThat(after.at("/attributes/lifetimeValue/EUR").decimalValue()).isEqualByComparingTo(paid.subtract(owed));
        assertThat(Instant.parse(after.at("/attributes/lastPurchaseAt").asText()))
                .isEqualTo(now.minus(3, ChronoUnit.DAYS));
        assertThat(after.at("/attributes/productPropensity/0/category").asText()).isEqualTo("shoes");
        assertThat(after.at("/attributes/productPropensity/0/units").asInt()).isEqualTo(quantity);
    }

    @Test
    void purchasesAreValidatedPerFieldAndContradictionsRefused() {
        Scenario customer = new Scenario("email", email());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String orderId = "WEB-" + shortId();
        ObjectNode bad = customer.purchase("web", now, orderId, null, "SKU-" + shortId(), "bags", 1,
                new BigDecimal("10.00"), 0, "EUR");
        ((ObjectNode) bad.at("/data/items/0")).put("unitPrice", "12.345");
        ((ObjectNode) bad.get("data")).put("currency", "euros");
        HttpResult refused = record(bad);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("errors")).extracting(e -> e.get("field").asText())
                .contains("data.currency");

        bad = customer.purchase("web", now, orderId, null, "SKU-" + shortId(), "bags", 1, new BigDecimal("10.50"), 0,
                "JPY");
        HttpResult tooPrecise = record(bad);
        assertThat(tooPrecise.status()).isEqualTo(400);
        assertThat(tooPrecise.body().get("errors")).extracting(e -> e.get("field").asText())
                .contains("data.items[0].unitPrice", "data.total");

        recordNew(customer.purchase("web", now, orderId, null, "SKU-" + shortId(), "bags", 1, new BigDecimal("10.00"),
                0, "EUR"));
        HttpResult again = record(customer.purchase("app", now, orderId, null, "SKU-x", "bags", 1,
                new BigDecimal("10.00"), 0, "EUR"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().at("/errors/0/field").asText()).isEqualTo("data.orderId");
        HttpResult unknownOrder = record(customer.priceAdjustment("call_centre", now, "NOPE-" + shortId(),
                new BigDecimal("1.00"), "EUR"));
        assertThat(unknownOrder.status()).isEqualTo(409);
    }
}

package org.journeyledger.journey.context;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.journeyledger.journey.commerce.ItemsReturnedEvent;
import org.journeyledger.journey.commerce.Money;
import org.journeyledger.journey.commerce.PriceAdjustedEvent;
import org.journeyledger.journey.commerce.PurchaseMadeEvent;
import org.journeyledger.journey.commerce.PurchasedItem;
import org.journeyledger.journey.commerce.ReturnedItem;
import org.journeyledger.journey.consent.ConsentGrantedEvent;
import org.journeyledger.journey.consent.ConsentWithdrawnEvent;
import org.journeyledger.journey.consent.PreferenceStatedEvent;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.deal.DealAgreedEvent;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.offer.OfferReceivedEvent;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.journeyledger.journey.touchpoint.Origin;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commerce, deal, offer and consent sections of the context fold, and what is computed when it is read, checked
 * against values computed by hand.
 */
class CommerceContextTest {

    private static final CustomerId CUSTOMER = CustomerId.of("c-31");
    private static final Instant NOW = Instant.parse("2026-09-15T12:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(30);

    @Test
    void attributesArePurchasesNetOfReturnsAndAdjustmentsRelativeToTheReadingTime() {
        CustomerContext context = history();

        context.evaluatedAt(NOW, WINDOW);

        CustomerAttributes attributes = context.attributes;
        // EUR: o-2 99.99 − return 19.99 − adjustment 5.00 = 75.00 (o-1 is older than 365 days); USD: o-3 40.00
        assertThat(attributes.salesLast365Days().get("EUR")).isEqualByComparingTo("75.00");
        assertThat(attributes.salesLast365Days().get("USD")).isEqualByComparingTo("40.00");
        // EUR lifetime: 100.00 + 75.00
        assertThat(attributes.lifetimeValue().get("EUR")).isEqualByComparingTo("175.00");
        assertThat(attributes.lastPurchaseAt()).isEqualTo(ago(10));
        // store and web both twice in 90 days; store was used last
        assertThat(attributes.preferredChannel()).isEqualTo("store");
        // shoes: 1 (o-1) + 2 (o-2); socks bought once and returned
        assertThat(attributes.productPropensity()).containsExactly(
                new CustomerAttributes.CategoryPropensity("shoes", 3));
    }

    @Test
    void aBetterOfferAroundThePurchaseMakesTheDifferenceEligibleLessAdjustments() {
        CustomerContext context = history();

        context.evaluatedAt(NOW, WINDOW);

        PurchaseView order = context.purchases.stream().filter(p -> p.orderId.equals("o-2")).findFirst().orElseThrow();
        // SKU-A: 50.00 × 2 × (30 − 20) / 100 = 10.00; SKU-B: 19.99 × 1 × 30 / 100 = 5.997 → 6.00
        assertThat(order.priceProtection).extracting(PurchaseView.PriceProtection::sku).containsExactly("SKU-A", "SKU-B");
        assertThat(order.priceProtection.get(0).amount()).isEqualByComparingTo("10.00");
        assertThat(order.priceProtection.get(1).amount()).isEqualByComparingTo("6.00");
        assertThat(order.eligibleDifference).isEqualByComparingTo("16.00");
        assertThat(order.remainingEligibleDifference).isEqualByComparingTo("11.00");
        // the offer came 395 days after o-1: outside the window
        assertThat(context.purchases.get(context.purchases.size() - 1).priceProtection).isEmpty();
        assertThat(context.purchases).extracting(p -> p.orderId).containsExactly("o-2", "o-3", "o-1");
    }

    @Test
    void aDealIsActiveOnlyWithinItsValidityAndAnOfferValidUntilItsEnd() {
        CustomerContext context = history();

        assertThat(context.evaluatedAt(NOW, WINDOW).deals.get("deal-1").status).isEqualTo("active");
        assertThat(context.offers.get(0).valid).isTrue();
        assertThat(context.evaluatedAt(NOW.plus(Duration.ofHours(2)), WINDOW).deals.get("deal-1").status)
                .isEqualTo("expired");
        assertThat(context.evaluatedAt(NOW.minus(Duration.ofDays(2)), WINDOW).deals.get("deal-1").status)
                .isEqualTo("upcoming");
        assertThat(context.evaluatedAt(NOW.plus(Duration.ofDays(30)), WINDOW).offers.get(0).valid).isFalse();
    }

    @Test
    void theLatestConsentAndPreferenceByOccurredAtHoldAndTheDocumentSurvivesStorage() throws Exception {
        CustomerContext context = history();
        context.apply(new ConsentWithdrawnEvent(CUSTOMER, "sms", origin("app", ago(1))), "c2", NOW);
        context.apply(new ConsentGrantedEvent(CUSTOMER, "sms", origin("store", ago(5))), "c1", NOW);

        context.apply(new PreferenceStatedEvent(CUSTOMER, "contact_time", "evenings", origin("web", ago(2))), "p2", NOW);
        context.apply(new PreferenceStatedEvent(CUSTOMER, "contact_time", "mornings", origin("store", ago(9))), "p1",
                NOW);

        assertThat(context.consents.get("sms").granted).isFalse();
        assertThat(context.consents.get("sms").channel).isEqualTo("app");
        assertThat(context.preferences.get("contact_time").value).isEqualTo("evenings");
        assertThat(context.preferences.get("contact_time").channel).isEqualTo("web");
        String json = ReadModelJson.mapper().writeValueAsString(context);
        // Less what the store keeps beside the document: where each order's row is, and what is yet to be written.
        assertThat(ReadModelJson.mapper().readValue(json, CustomerContext.class))
                .usingRecursiveComparison()
                .ignoringFields("purchasesReplaced", "ordersLoaded", "purchases.position", "purchases.changed")
                .isEqualTo(context);
    }

    private static CustomerContext history() {
        CustomerContext context = CustomerContext.empty(CUSTOMER.value());
        touch(context, "store", ago(400));
        context.apply(new PurchaseMadeEvent(CUSTOMER, "o-1", List.of(item("SKU-A", 1, "100.00", "0", "shoes")),
                new BigDecimal("100.00"), "EUR", "s-1", origin("store", ago(400))), "p1", ago(400));
        touch(context, "store", ago(10));
        context.apply(new PurchaseMadeEvent(CUSTOMER, "o-2", List.of(item("SKU-A", 2, "50.00", "20", "shoes"),
                        item("SKU-B", 1, "19.99", "0", "socks")), new BigDecimal("99.99"), "EUR", "s-2",
                origin("store", ago(10))), "p2", ago(10));
        touch(context, "web", ago(20));
        context.apply(new PurchaseMadeEvent(CUSTOMER, "o-3", List.of(item("SKU-C", 1, "40.00", "0", null)),
                new BigDecimal("40.00"), "USD", null, origin("web", ago(20))), "p3", ago(20));
        touch(context, "web", ago(5));
        context.apply(new OfferReceivedEvent(CUSTOMER, "spring-30", "Spring", List.of("SKU-A", "SKU-B"),
                new BigDecimal("30"), NOW.plus(Duration.ofDays(7)), origin("web", ago(5))), "of", ago(5));
        touch(context, "call_centre", ago(3));
        context.apply(new ItemsReturnedEvent(CUSTOMER, "o-2", List.of(new ReturnedItem("SKU-B", 1)),
                new BigDecimal("19.99"), "EUR", origin("call_centre", ago(3))), "r", ago(3));
        touch(context, "store", ago(1));
        context.apply(new PriceAdjustedEvent(CUSTOMER, "o-2", new Money(new BigDecimal("5.00"), "EUR"), "goodwill",
                origin("store", ago(2))), "a", ago(2));
        context.apply(new DealAgreedEvent(CUSTOMER, "deal-1", "10% on tyres", ago(1), NOW.plus(Duration.ofHours(1)),
                "rep:9", origin("field_sales", ago(1))), "d", ago(1));
        return context;
    }

    private static void touch(CustomerContext context, String channel, Instant at) {
        context.apply(new TouchpointRecordedEvent(CUSTOMER, channel + "-sys", "t-" + at, channel, "visit", at,
                List.of(new Identifier("email", "x@example.org")), null, null, JsonNodeFactory.instance.objectNode()),
                "t-" + at, at);
    }

    private static PurchasedItem item(String sku, int quantity, String unitPrice, String discount, String category) {
        return new PurchasedItem(sku, sku + " name", quantity, new BigDecimal(unitPrice), new BigDecimal(discount),
                category);
    }

    private static Origin origin(String channel, Instant at) {
        return new Origin("tp-" + at.getEpochSecond(), channel, channel + "-sys", null, null, at);
    }

    private static Instant ago(int days) {
        return NOW.minus(Duration.ofDays(days));
    }
}

package org.journeyledger.journey.customer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.journeyledger.journey.commerce.ItemsReturnedEvent;
import org.journeyledger.journey.commerce.Money;
import org.journeyledger.journey.commerce.PriceAdjustedEvent;
import org.journeyledger.journey.commerce.PurchaseMadeEvent;
import org.journeyledger.journey.commerce.PurchasedItem;
import org.journeyledger.journey.commerce.ReturnedItem;
import org.journeyledger.journey.consent.ConsentGrantedEvent;
import org.journeyledger.journey.consent.ConsentWithdrawnEvent;
import org.journeyledger.journey.consent.PreferenceStatedEvent;
import org.journeyledger.journey.deal.DealAgreedEvent;
import org.journeyledger.journey.deal.DealWithdrawnEvent;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.identity.IdentifierLinkedEvent;
import org.journeyledger.journey.issue.IssueRaisedEvent;
import org.journeyledger.journey.issue.IssueResolvedEvent;
import org.journeyledger.journey.offer.CheckOfferCommand;
import org.journeyledger.journey.offer.OfferCheckReason;
import org.journeyledger.journey.offer.OfferClearedEvent;
import org.journeyledger.journey.offer.OfferReceivedEvent;
import org.journeyledger.journey.offer.OfferSuppressedEvent;
import org.journeyledger.journey.touchpoint.InvalidTouchpointDataException;
import org.journeyledger.journey.touchpoint.Origin;
import org.journeyledger.journey.touchpoint.RecordTouchpointCommand;
import org.journeyledger.journey.touchpoint.Touchpoint;
import org.journeyledger.journey.touchpoint.TouchpointRefusedException;
import org.journeyledger.journey.touchpoint.TouchpointTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.journeyledger.journey.customer.JourneyFixture.origin;
import static org.journeyledger.journey.customer.JourneyFixture.recorded;

/**
 * Given/when/then tests of the purchase, deal, offer and consent rules of the {@link CustomerJourney}.
 */
class CommerceDealOfferAndConsentRulesTest {

    private static final CustomerId CUSTOMER = CustomerId.of("c-7a2");
    private static final Identifier CARD = new Identifier("loyalty_card", "LC88120044");
    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    private AggregateTestFixture<CustomerJourney> fixture;

    @BeforeEach
    void setUp() {
        fixture = JourneyFixture.create();
    }

    @Test
    void aPurchaseIsRecordedWithItsItemsAndStore() {
        RecordTouchpointCommand purchase = command("p1", touchpoint("store", "purchase", T0, purchaseData("o-1", "SKU-9")));

        fixture.given(known())
               .when(purchase)
               .expectEvents(recorded(purchase), new PurchaseMadeEvent(CUSTOMER, "o-1",
                       List.of(new PurchasedItem("SKU-9", "Trail shoe", 2, new BigDecimal("60.00"),
                               new BigDecimal("20"), "shoes")),
                       new BigDecimal("96.00"), "EUR", "store-31", origin(purchase)));
    }

    @Test
    void aSecondPurchaseWithTheSameOrderIdIsRefused() {
        fixture.given(known(purchased("o-2", "SKU-1", T0)))
               .when(command("p2", touchpoint("web", "purchase", T0, purchaseData("o-2", "SKU-1"))))
               .expectException(TouchpointRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void aReturnOfAKnownOrderIsRecordedAndOfAnUnknownOneRefused() {
        RecordTouchpointCommand back = command("r1", touchpoint("store", "return", T0.plusSeconds(86_400),
                returnData("o-3", "SKU-4", 1)));

        fixture.given(known(purchased("o-3", "SKU-4", T0)))
               .when(back)
               .expectEvents(recorded(back), new ItemsReturnedEvent(CUSTOMER, "o-3",
                       List.of(new ReturnedItem("SKU-4", 1)), new BigDecimal("48.00"), "EUR", origin(back)));
        fixture.given(known())
               .when(command("r2", touchpoint("store", "return", T0, returnData("o-404", "SKU-4", 1))))
               .expectException(TouchpointRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void returningMoreUnitsThanWereBoughtIsRefused() {
        fixture.given(known(purchased("o-4", "SKU-4", T0)))
               .when(command("r3", touchpoint("store", "return", T0, returnData("o-4", "SKU-4", 3))))
               .expectException(TouchpointRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void aPriceAdjustmentNeedsAKnownOrderInItsCurrency() {
        RecordTouchpointCommand adjustment = command("a1", touchpoint("call_centre", "price_adjustment",
                T0.plusSeconds(3600), adjustmentData("o-5", "EUR")));

        fixture.given(known(purchased("o-5", "SKU-2", T0)))
               .when(adjustment)
               .expectEvents(recorded(adjustment), new PriceAdjustedEvent(CUSTOMER, "o-5",
                       new Money(new BigDecimal("12.00"), "EUR"), "price protection", origin(adjustment)));
        fixture.given(known())
               .when(command("a2", touchpoint("call_centre", "price_adjustment", T0, adjustmentData("o-6", "EUR"))))
               .expectException(TouchpointRefusedException.class);
        fixture.given(known(purchased("o-7", "SKU-2", T0)))
               .when(command("a3", touchpoint("call_centre", "price_adjustment", T0, adjustmentData("o-7", "USD"))))
               .expectException(TouchpointRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void aDealIsAgreedOnceAndWithdrawnOnce() {
        RecordTouchpointCommand deal = command("d1", touchpoint("field_sales", "deal", T0, data()
                .put("dealId", "deal-1").put("terms", "15% on all tyres").put("validFrom", T0.toString())
                .put("validUntil", T0.plusSeconds(86_400).toString()).put("agreedBy", "rep:77")));

        fixture.given(known())
               .when(deal)
               .expectEvents(recorded(deal), new DealAgreedEvent(CUSTOMER, "deal-1", "15% on all tyres", T0,
                       T0.plusSeconds(86_400), "rep:77", origin(deal)));
        fixture.given(known(agreed("deal-2")))
               .when(command("d2", touchpoint("field_sales", "deal", T0, data().put("dealId", "deal-2")
                       .put("terms", "x").put("validFrom", T0.toString())
                       .put("validUntil", T0.plusSeconds(60).toString()).put("agreedBy", "rep:1"))))
               .expectException(TouchpointRefusedException.class);
        RecordTouchpointCommand withdrawal = command("d3", touchpoint("field_sales", "deal_withdrawn", T0,
                data().put("dealId", "deal-3").put("reason", "customer moved")));
        fixture.given(known(agreed("deal-3")))
               .when(withdrawal)
               .expectEvents(recorded(withdrawal),
                       new DealWithdrawnEvent(CUSTOMER, "deal-3", "customer moved", origin(withdrawal)));
        fixture.given(known(agreed("deal-4"), new DealWithdrawnEvent(CUSTOMER, "deal-4", "x", originIn("web"))))
               .when(command("d4", touchpoint("field_sales", "deal_withdrawn", T0,
                       data().put("dealId", "deal-4").put("reason", "again"))))
               .expectException(TouchpointRefusedException.class);
    }

    @Test
    void aDealMustEndAfterItStarts() {
        ObjectNode data = data().put("dealId", "d").put("terms", "t").put("validFrom", T0.toString())
                .put("validUntil", T0.toString()).put("agreedBy", "rep");
        assertThatThrownBy(() -> TouchpointTypes.read("deal", data, null, T0))
                .isInstanceOfSatisfying(InvalidTouchpointDataException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.field()).containsExactly("data.validUntil"));
    }

    @Test
    void offersPreferencesAndConsentsAreRecorded() {
        ObjectNode offerData = data().put("offerId", "of-1").put("campaign", "spring").put("discountPercent", 30)
                .put("validUntil", T0.plusSeconds(86_400).toString());
        offerData.putArray("skus").add("SKU-9");
        RecordTouchpointCommand offer = command("of", touchpoint("email", "offer", T0, offerData));
        fixture.given(known())
               .when(offer)
               .expectEvents(recorded(offer), new OfferReceivedEvent(CUSTOMER, "of-1", "spring", List.of("SKU-9"),
                       new BigDecimal("30"), T0.plusSeconds(86_400), origin(offer)));

        RecordTouchpointCommand preference = command("pr", touchpoint("web", "preference", T0,
                data().put("key", "contact_time").put("value", "evenings")));
        fixture.given(known())
               .when(preference)
               .expectEvents(recorded(preference),
                       new PreferenceStatedEvent(CUSTOMER, "contact_time", "evenings", origin(preference)));

        RecordTouchpointCommand withdrawal = command("co", touchpoint("app", "consent", T0,
                data().put("purpose", "sms").put("granted", false)));
        fixture.given(known())
               .when(withdrawal)
               .expectEvents(recorded(withdrawal), new ConsentWithdrawnEvent(CUSTOMER, "sms", origin(withdrawal)));
    }

    @Test
    void anOfferForASkuBoughtWithinTheWindowIsSuppressed() {
        Instant now = T0.plus(Duration.ofDays(10));
        fixture.given(known(purchased("o-8", "SKU-7", T0), consent("marketing_email", true)))
               .when(check("chk-1", now, "SKU-7", "SKU-8"))
               .expectEvents(new OfferSuppressedEvent(CUSTOMER, "chk-1", "of-2", List.of("SKU-7", "SKU-8"), "email",
                       "marketing_email", List.of(new OfferCheckReason("recently_bought", "SKU-7",
                       "The customer bought SKU-7 on " + T0 + ", within 30 days")), now))
               .expectResultMessagePayloadMatching(org.hamcrest.Matchers.instanceOf(OfferSuppressedEvent.class));
    }

    @Test
    void anOfferForASkuBoughtBeforeTheWindowIsCleared() {
        Instant now = T0.plus(Duration.ofDays(31));
        fixture.given(known(purchased("o-9", "SKU-7", T0), consent("marketing_email", true)))
               .when(check("chk-2", now, "SKU-7"))
               .expectEvents(new OfferClearedEvent(CUSTOMER, "chk-2", "of-2", List.of("SKU-7"), "email",
                       "marketing_email", now));
    }

    @Test
    void anOfferWithoutConsentOrWithAnOpenIssueIsSuppressedWithEveryReason() {
        Instant now = T0.plusSeconds(60);
        fixture.given(known(consent("marketing_email", true), consent("marketing_email", false),
                      new IssueRaisedEvent(CUSTOMER, "INC-1", "Broken zip", "complaint", originIn("chat")),
                      new IssueRaisedEvent(CUSTOMER, "INC-2", "Late", "complaint", originIn("chat")),
                      new IssueResolvedEvent(CUSTOMER, "INC-2", "Sent", null, originIn("chat"))))
               .when(check("chk-3", now, "SKU-1"))
               .expectEvents(new OfferSuppressedEvent(CUSTOMER, "chk-3", "of-2", List.of("SKU-1"), "email",
                       "marketing_email", List.of(
                       new OfferCheckReason("consent_withdrawn", "marketing_email",
                               "The customer withdrew consent for marketing_email"),
                       new OfferCheckReason("open_issue", "INC-1",
                               "The customer has an open issue INC-1; resolve it before marketing to them")), now));
        fixture.given(known())
               .when(check("chk-4", now, "SKU-1"))
               .expectSuccessfulHandlerExecution()
               .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                       org.axonframework.test.matchers.Matchers.exactSequenceOf(
                               org.hamcrest.Matchers.instanceOf(OfferSuppressedEvent.class))));
    }

    @Test
    void anOlderConsentArrivingLateDoesNotOverrideANewerWithdrawal() {
        Instant now = T0.plusSeconds(60);
        fixture.given(known(
                      new ConsentWithdrawnEvent(CUSTOMER, "sms", new Origin("e2", "app", "app", null, null, T0)),
                      new ConsentGrantedEvent(CUSTOMER, "sms", new Origin("e1", "store", "pos", null, null,
                              T0.minusSeconds(3600)))))
               .when(new CheckOfferCommand(CUSTOMER, "chk-5", null, List.of("SKU-1"), "sms", "sms", now, THIRTY_DAYS))
               .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                       org.axonframework.test.matchers.Matchers.exactSequenceOf(
                               org.hamcrest.Matchers.instanceOf(OfferSuppressedEvent.class))));
    }

    @Test
    void moneyIsReadExactlyAndProblemsNameTheItemField() {
        ObjectNode data = purchaseData("o", "S");
        ((ObjectNode) data.get("items").get(0)).put("unitPrice", "12.345").remove("sku");
        data.put("currency", "euro");
        assertThatThrownBy(() -> TouchpointTypes.read("purchase", data, null, T0))
                .isInstanceOfSatisfying(InvalidTouchpointDataException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.field())
                        .containsExactlyInAnyOrder("data.currency", "data.items[0].sku"));
        ObjectNode yen = purchaseData("o", "S").put("currency", "JPY").put("total", "1200.5");
        assertThatThrownBy(() -> TouchpointTypes.read("purchase", yen, null, T0))
                .isInstanceOfSatisfying(InvalidTouchpointDataException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.field()).contains("data.total"));
    }

    private static CheckOfferCommand check(String checkId, Instant now, String... skus) {
        return new CheckOfferCommand(CUSTOMER, checkId, "of-2", List.of(skus), "email", "marketing_email", now,
                THIRTY_DAYS);
    }

    private static PurchaseMadeEvent purchased(String orderId, String sku, Instant at) {
        return new PurchaseMadeEvent(CUSTOMER, orderId, List.of(new PurchasedItem(sku, "Item", 2,
                new BigDecimal("60.00"), new BigDecimal("20"), null)), new BigDecimal("96.00"), "EUR", null,
                new Origin("earlier", "store", "pos", null, null, at));
    }

    private static DealAgreedEvent agreed(String dealId) {
        return new DealAgreedEvent(CUSTOMER, dealId, "terms", T0, T0.plusSeconds(60), "rep", originIn("field_sales"));
    }

    private static Object consent(String purpose, boolean granted) {
        return granted ? new ConsentGrantedEvent(CUSTOMER, purpose, originIn("web"))
                : new ConsentWithdrawnEvent(CUSTOMER, purpose, new Origin("later", "web", "web", null, null, T0));
    }

    private static ObjectNode purchaseData(String orderId, String sku) {
        ObjectNode data = data().put("orderId", orderId).put("total", "96.00").put("currency", "EUR")
                .put("storeId", "store-31");
        ArrayNode items = data.putArray("items");
        items.addObject().put("sku", sku).put("name", "Trail shoe").put("quantity", 2).put("unitPrice", "60.00")
                .put("discountPercent", 20).put("category", "shoes");
        return data;
    }

    private static ObjectNode returnData(String orderId, String sku, int quantity) {
        ObjectNode data = data().put("orderId", orderId).put("amount", "48.00").put("currency", "EUR");
        data.putArray("items").addObject().put("sku", sku).put("quantity", quantity);
        return data;
    }

    private static ObjectNode adjustmentData(String orderId, String currency) {
        return data().put("orderId", orderId).put("amount", "12.00").put("currency", currency)
                .put("reason", "price protection");
    }

    private static List<Object> known(Object... more) {
        List<Object> events = new java.util.ArrayList<>(List.of(new CustomerJourneyStartedEvent(CUSTOMER),
                new IdentifierLinkedEvent(CUSTOMER, CARD, "pos", "receipt-1")));
        events.addAll(List.of(more));
        return events;
    }

    private static ObjectNode data() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static Touchpoint touchpoint(String channel, String type, Instant at, ObjectNode data) {
        return new Touchpoint(channel + "-system", type + "-" + at.getEpochSecond() + "-" + data.hashCode(), channel,
                type, at, List.of(CARD), null, "agent:9", data, TouchpointTypes.read(type, data, null, at));
    }

    private static RecordTouchpointCommand command(String eventId, Touchpoint touchpoint) {
        return new RecordTouchpointCommand(CUSTOMER, eventId, touchpoint);
    }

    private static Origin originIn(String channel) {
        return new Origin("earlier", channel, channel + "-system", null, null, T0.minusSeconds(60));
    }
}

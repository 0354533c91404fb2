package org.journeyledger.journey.erasure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.journeyledger.journey.commerce.PriceAdjustedEvent;
import org.journeyledger.journey.commerce.PurchaseMadeEvent;
import org.journeyledger.journey.identity.CustomerStreams;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.shortId;

/**
 * Events that may hold personal data are read from the store through a tree (their personal values decrypted in it,
 * the event deserialised from it): an amount stored as {@code 5.00} must come back as {@code 5.00}, not {@code 5},
 * next to the decrypted personal values.
 */
class DecimalsReadBackTest extends LedgerIntegrationTest {

    @Autowired
    private CustomerStreams streams;

    @Test
    void amountsAndPersonalValuesReadBackAsTheyWereStored() {
        Scenario shop = new Scenario("email", email());
        String orderId = "W-" + shortId();
        String customerId = recordNew(shop.purchase("web", Instant.now().minusSeconds(60), orderId, null, "BLEND-2",
                "kitchen", 1, new BigDecimal("49.90"), 0, "EUR"));
        recordNew(shop.priceAdjustment("call_centre", Instant.now().minusSeconds(30), orderId,
                new BigDecimal("5.00"), "EUR"));

        List<? extends DomainEventMessage<?>> events = streams.read(customerId);

        PriceAdjustedEvent adjusted = payloads(events, PriceAdjustedEvent.class).get(0);
        assertThat(adjusted.adjustment().amount()).isEqualTo(new BigDecimal("5.00"));
        assertThat(adjusted.reason()).isEqualTo("Price protection");
        assertThat(payloads(events, TouchpointRecordedEvent.class).get(0).identifiers())
                .anySatisfy(id -> assertThat(id.value()).isEqualToIgnoringCase(shop.identifierValue()));
    }

    @Test
    void numbersAChannelSendsKeepTheirScale() {
        Scenario shop = new Scenario("email", email());
        ObjectNode purchase = shop.purchase("web", Instant.now().minusSeconds(60), "W-" + shortId(), null, "BLEND-2",
                "kitchen", 1, new BigDecimal("49.90"), 0, "EUR");
        ObjectNode data = (ObjectNode) purchase.get("data");
        data.put("total", new BigDecimal("49.90"));
        ((ObjectNode) data.get("items").get(0)).put("unitPrice", new BigDecimal("49.90"));
        String customerId = recordNew(purchase);
        ObjectNode message = shop.interaction("chat", null, Instant.now().minusSeconds(30), "message", "Smokes");
        ((ObjectNode) message.get("data")).put("sentiment", new BigDecimal("-0.40"));
        recordNew(message);

        List<? extends DomainEventMessage<?>> events = streams.read(customerId);

        assertThat(payloads(events, PurchaseMadeEvent.class).get(0).total()).isEqualTo(new BigDecimal("49.90"));
        assertThat(payloads(events, TouchpointRecordedEvent.class)).extracting(told -> told.data().get("sentiment"))
                .filteredOn(java.util.Objects::nonNull).singleElement()
                .satisfies(sentiment -> assertThat(sentiment.decimalValue()).isEqualTo(new BigDecimal("-0.40")));
    }

    private static <T> List<T> payloads(List<? extends DomainEventMessage<?>> events, Class<T> type) {
        return events.stream().map(DomainEventMessage::getPayload).filter(type::isInstance).map(type::cast).toList();
    }
}

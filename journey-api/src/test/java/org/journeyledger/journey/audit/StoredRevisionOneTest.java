package org.journeyledger.journey.audit;

import org.axonframework.eventhandling.DomainEventMessage;
import org.journeyledger.journey.commerce.PriceAdjustedEvent;
import org.journeyledger.journey.identity.CustomerStreams;
import org.springframework.beans.factory.annotation.Autowired;
import java.math.BigDecimal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.common.DateTimeUtils;
import org.journeyledger.journey.ledger.HashChain;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.purchase;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * An event stored by an older version of the ledger (PriceAdjustedEvent revision 1, amount and currency apart) is
 * read through the upcaster by the live context, the as-of fold and the aggregate, and its chain still verifies:
 * upcasting never rewrites stored bytes.
 */
class StoredRevisionOneTest extends LedgerIntegrationTest {

    @Autowired
    private CustomerStreams streams;

    @Test
    void aRevisionOnePriceAdjustmentInTheStoreIsReadAsRevisionTwoEverywhere() {
        ObjectNode purchase = with(purchase("store", Instant.now().minus(2, ChronoUnit.DAYS)), "loyalty_card",
                loyaltyCard());
        String customerId = recordNew(purchase);
        String orderId = purchase.at("/data/orderId").asText();
        String currency = purchase.at("/data/currency").asText();
        appendAsRevisionOne(customerId, orderId, currency);

        JsonNode live = awaitContext(customerId, c -> c.at("/purchases/0/priceAdjustments").size() == 1);
        JsonNode asOf = get("/api/customers/" + customerId + "/context?asOf=" + Instant.now()).body();

        assertThat(live.at("/purchases/0/priceAdjustments/0/amount").decimalValue()).isEqualByComparingTo("3.50");
        assertThat(asOf.at("/purchases/0/adjustedAmount").decimalValue()).isEqualByComparingTo("3.50");
        assertThat(get("/api/audit/customers/" + customerId + "/verify").body().get("intact").asBoolean()).isTrue();
        // Read through the upcaster's tree, the stored 3.50 keeps its scale (it read as 3.5 before the event store's
        // mapper kept trailing zeros in trees).
        assertThat(streams.read(customerId).stream().map(DomainEventMessage::getPayload)
                .filter(PriceAdjustedEvent.class::isInstance).map(PriceAdjustedEvent.class::cast)
                .map(event -> event.adjustment().amount()).toList()).containsExactly(new BigDecimal("3.50"));
        // The aggregate replays the old event too: a new adjustment on the same order is accepted after it.
        ObjectNode adjustment = with(touchpoint("call_centre",
                "price_adjustment", Instant.now()), "loyalty_card", purchase.at("/identifiers/0/value").asText());
        adjustment.putObject("data").put("orderId", orderId).put("amount", "1.25").put("currency", currency)
                .put("reason", "goodwill");
        assertThat(record(adjustment).status()).isEqualTo(201);
        assertThat(awaitContext(customerId, c -> c.at("/purchases/0/priceAdjustments").size() == 2)
                .at("/purchases/0/adjustedAmount").decimalValue()).isEqualByComparingTo("4.75");
    }

    /** Appends the event as the previous version stored it, chained like any other. */
    private void appendAsRevisionOne(String customerId, String orderId, String currency) {
        Map<String, Object> head = jdbc.queryForMap("SELECT sequence_number, hash FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1", customerId);
        long sequence = (Long) head.get("sequence_number") + 1;
        String eventId = UUID.randomUUID().toString();
        String timestamp = DateTimeUtils.formatInstant(Instant.now());
        byte[] payload = ("{\"customerId\":\"" + customerId + "\",\"orderId\":\"" + orderId + "\",\"amount\":3.50,"
                + "\"currency\":\"" + currency + "\",\"reason\":\"goodwill, stored by revision 1\",\"origin\":{"
                + "\"touchpointEventId\":\"" + UUID.randomUUID() + "\",\"channel\":\"call_centre\",\"source\":\"legacy\","
                + "\"actor\":null,\"conversationId\":null,\"occurredAt\":\"" + Instant.now().minusSeconds(60) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] metaData = "{}".getBytes(StandardCharsets.UTF_8);
        String type = "org.journeyledger.journey.commerce.PriceAdjustedEvent";
        String hash = HashChain.link((String) head.get("hash"), HashChain.canonical(eventId, customerId, sequence,
                "CustomerJourney", type, "1", timestamp, payload, metaData));
        jdbc.update("""
                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data, hash)
                VALUES (?, ?, ?, 'CustomerJourney', ?, ?, '1', ?, ?, ?)""",
                eventId, customerId, sequence, timestamp, type, payload, metaData, hash);
    }
}

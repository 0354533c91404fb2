package org.journeyledger.journey.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds touchpoint envelopes as channel systems send them, with varied data: every call gets fresh ids so tests
 * never depend on each other or on hard-coded names.
 */
public final class Touchpoints {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] FIRST = {"ana", "mira", "joao", "li", "sam", "noor", "olu", "eva", "kai", "ines"};

    private Touchpoints() {
    }

    /** A unique-looking email with mixed case, as people type them. */
    public static String email() {
        String name = FIRST[ThreadLocalRandom.current().nextInt(FIRST.length)];
        return Character.toUpperCase(name.charAt(0)) + name.substring(1) + "." + shortId() + "@Example.org";
    }

    /** A loyalty card number as printed on the card, in groups. */
    public static String loyaltyCard() {
        long n = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
        String digits = Long.toString(n);
        return "LC " + digits.substring(0, 4) + "-" + digits.substring(4);
    }

    public static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A touchpoint from {@code channel} with a fresh source event id, occurring at {@code occurredAt}. */
    public static ObjectNode touchpoint(String channel, String type, Instant occurredAt) {
        ObjectNode touchpoint = JSON.objectNode();
        touchpoint.put("source", channel + "-system-" + ThreadLocalRandom.current().nextInt(1, 60));
        touchpoint.put("sourceEventId", "evt-" + UUID.randomUUID());
        touchpoint.put("channel", channel);
        touchpoint.put("type", type);
        touchpoint.put("occurredAt", occurredAt.toString());
        touchpoint.putArray("identifiers");
        touchpoint.putObject("data").put("note", "generated " + shortId());
        return touchpoint;
    }

    /** A {@code purchase} touchpoint with valid data: a fresh order of one line. */
    public static ObjectNode purchase(String channel, Instant occurredAt) {
        ObjectNode touchpoint = touchpoint(channel, "purchase", occurredAt);
        int cents = ThreadLocalRandom.current().nextInt(100, 50_000);
        String price = cents / 100 + "." + String.format("%02d", cents % 100);
        ObjectNode data = touchpoint.putObject("data").put("orderId", "ORD-" + shortId()).put("total", price)
                .put("currency", "EUR");
        data.putArray("items").addObject().put("sku", "SKU-" + shortId()).put("name", "Item")
                .put("quantity", 1).put("unitPrice", price);
        return touchpoint;
    }

    /** A {@code return} touchpoint giving back the whole order of a touchpoint built by {@link #purchase}. */
    public static ObjectNode returnOf(ObjectNode purchase, Instant occurredAt) {
        ObjectNode touchpoint = touchpoint(purchase.get("channel").asText(), "return", occurredAt);
        JsonNode bought = purchase.get("data");
        ObjectNode data = touchpoint.putObject("data").put("orderId", bought.get("orderId").asText())
                .put("amount", bought.get("total").asText()).put("currency", bought.get("currency").asText());
        data.putArray("items").addObject().put("sku", bought.at("/items/0/sku").asText()).put("quantity", 1);
        return touchpoint;
    }

    /** Adds an identifier to a touchpoint built by {@link #touchpoint}. */
    public static ObjectNode with(ObjectNode touchpoint, String type, String value) {
        ((ArrayNode) touchpoint.get("identifiers")).addObject().put("type", type).put("value", value);
        return touchpoint;
    }
}

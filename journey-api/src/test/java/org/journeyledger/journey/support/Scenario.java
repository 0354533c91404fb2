package org.journeyledger.journey.support;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * Typed touchpoints of one customer, known by one identifier, as channels would send them in a field story.
 */
public record Scenario(String identifierType, String identifierValue) {

    public ObjectNode interaction(String channel, String conversationId, Instant at, String kind, String summary) {
        ObjectNode touchpoint = base(channel, "interaction", conversationId, at);
        touchpoint.putObject("data").put("kind", kind).put("direction", "inbound").put("summary", summary);
        return touchpoint;
    }

    public ObjectNode fact(String channel, String conversationId, Instant at, String key, String value) {
        ObjectNode touchpoint = base(channel, "fact", conversationId, at);
        touchpoint.putObject("data").put("key", key).put("value", value);
        return touchpoint;
    }

    public ObjectNode issueRaised(String channel, String conversationId, Instant at, String issueId, String text) {
        ObjectNode touchpoint = base(channel, "issue_raised", conversationId, at);
        touchpoint.putObject("data").put("issueId", issueId).put("description", text);
        return touchpoint;
    }

    public ObjectNode issueResolved(String channel, Instant at, String issueId, String release) {
        ObjectNode touchpoint = base(channel, "issue_resolved", null, at);
        touchpoint.putObject("data").put("issueId", issueId).put("resolution", "fixed").put("release", release);
        return touchpoint;
    }

    public ObjectNode promise(String channel, String conversationId, Instant at, String promiseId, Instant dueAt) {
        ObjectNode touchpoint = base(channel, "promise", conversationId, at);
        touchpoint.putObject("data").put("promiseId", promiseId).put("description", "We will call you back")
                .put("dueAt", dueAt.toString());
        return touchpoint;
    }

    public ObjectNode promiseKept(String channel, Instant at, String promiseId) {
        ObjectNode touchpoint = base(channel, "promise_kept", null, at);
        touchpoint.putObject("data").put("promiseId", promiseId);
        return touchpoint;
    }

    /** A purchase of {@code quantity} units of one sku at {@code unitPrice} less {@code discountPercent}. */
    public ObjectNode purchase(String channel, Instant at, String orderId, String storeId, String sku,
                               String category, int quantity, BigDecimal unitPrice, int discountPercent,
                               String currency) {
        ObjectNode touchpoint = base(channel, "purchase", null, at);
        BigDecimal total = unitPrice.multiply(BigDecimal.valueOf(quantity))
                .multiply(BigDecimal.valueOf(100 - discountPercent)).divide(BigDecimal.valueOf(100), 2,
                        java.math.RoundingMode.HALF_UP);
        ObjectNode data = touchpoint.putObject("data").put("orderId", orderId).put("total", total.toPlainString())
                .put("currency", currency);
        if (storeId != null) {
            data.put("storeId", storeId);
        }
        data.putArray("items").addObject().put("sku", sku).put("name", "Item " + sku).put("quantity", quantity)
                .put("unitPrice", unitPrice.toPlainString()).put("discountPercent", discountPercent)
                .put("category", category);
        return touchpoint;
    }

    public ObjectNode priceAdjustment(String channel, Instant at, String orderId, BigDecimal amount, String currency) {
        ObjectNode touchpoint = base(channel, "price_adjustment", null, at);
        touchpoint.putObject("data").put("orderId", orderId).put("amount", amount.toPlainString())
                .put("currency", currency).put("reason", "Price protection");
        return touchpoint;
    }

    public ObjectNode offer(String channel, Instant at, String offerId, List<String> skus, int discountPercent,
                            Instant validUntil) {
        ObjectNode touchpoint = base(channel, "offer", null, at);
        ObjectNode data = touchpoint.putObject("data").put("offerId", offerId).put("campaign", "campaign-" + offerId)
                .put("discountPercent", discountPercent).put("validUntil", validUntil.toString());
        skus.forEach(data.putArray("skus")::add);
        return touchpoint;
    }

    public ObjectNode deal(String channel, Instant at, String dealId, String terms, Instant validFrom,
                           Instant validUntil, String agreedBy) {
        ObjectNode touchpoint = base(channel, "deal", null, at);
        touchpoint.putObject("data").put("dealId", dealId).put("terms", terms).put("validFrom", validFrom.toString())
                .put("validUntil", validUntil.toString()).put("agreedBy", agreedBy);
        return touchpoint;
    }

    public ObjectNode consent(String channel, Instant at, String purpose, boolean granted) {
        ObjectNode touchpoint = base(channel, "consent", null, at);
        touchpoint.putObject("data").put("purpose", purpose).put("granted", granted);
        return touchpoint;
    }

    private ObjectNode base(String channel, String type, String conversationId, Instant at) {
        ObjectNode touchpoint = with(touchpoint(channel, type, at), identifierType, identifierValue);
        if (conversationId != null) {
            touchpoint.put("conversationId", conversationId);
        }
        touchpoint.put("actor", channel + "-agent-" + Touchpoints.shortId().substring(0, 3));
        return touchpoint;
    }
}

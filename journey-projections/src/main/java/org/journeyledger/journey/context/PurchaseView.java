package org.journeyledger.journey.context;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One order of the customer with its items and discounts, the returns and price adjustments recorded against it, and
 * (computed when read) the price protection it is eligible for. A section of {@link CustomerContext}.
 */
public class PurchaseView {

    public String orderId;
    /** Where it was bought: {@code store}, {@code web}, … */
    public String channel;
    public String source;
    public String storeId;
    public String actor;
    public Instant purchasedAt;
    public BigDecimal total;
    public String currency;
    public List<Item> items = new ArrayList<>();
    public List<Return> returns = new ArrayList<>();
    public List<Adjustment> priceAdjustments = new ArrayList<>();
    /** Sum of the price adjustments. */
    public BigDecimal adjustedAmount = BigDecimal.ZERO;
    /** Sum of the refunds of returns. */
    public BigDecimal returnedAmount = BigDecimal.ZERO;
    /** Computed when read: per sku, the better discount of an offer received around the purchase. */
    public List<PriceProtection> priceProtection;
    /** Computed when read: the sum of {@link #priceProtection} amounts. */
    public BigDecimal eligibleDifference;
    /** Computed when read: {@code max(0, eligibleDifference − adjustedAmount)}, what is still owed. */
    public BigDecimal remainingEligibleDifference;

    /**
     * The order's row among its customer's in {@code customer_purchase}: the number of orders folded before it. Not
     * part of the document.
     */
    @JsonIgnore
    int position;
    /** Whether the order changed since it was read or written: only changed orders are written. */
    @JsonIgnore
    boolean changed = true;

    /** A line of the order; {@code unitPrice} is before the line's {@code discountPercent}. */
    public record Item(String sku, String name, int quantity, BigDecimal unitPrice, BigDecimal discountPercent,
                       String category) {
    }

    /** Units brought back and the refund. */
    public record Return(List<ReturnedUnits> items, BigDecimal amount, String channel, Instant returnedAt) {
    }

    public record ReturnedUnits(String sku, int quantity) {
    }

    /** Money given back on the order, by which channel and why. */
    public record Adjustment(BigDecimal amount, String reason, String channel, String source, String actor,
                             Instant adjustedAt, String eventId) {
    }

    /**
     * The difference an offer with a better discount makes on one line:
     * {@code unitPrice × quantity × (offerDiscountPercent − purchaseDiscountPercent) / 100}, rounded half-up to the
     * currency's decimals.
     */
    public record PriceProtection(String sku, String offerId, String campaign, BigDecimal purchaseDiscountPercent,
                                  BigDecimal offerDiscountPercent, Instant offerReceivedAt, BigDecimal amount) {
    }
}

package org.journeyledger.journey.commerce;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

/**
 * Data of a {@code purchase} touchpoint: an order paid in a store, the web shop or any other channel.
 */
public record PurchaseDetails(String orderId, List<PurchasedItem> items, BigDecimal total, String currency,
                              String storeId) implements TouchpointDetails {

    static final int MAX_ITEMS = 500;
    private static final BigDecimal HUNDRED = new BigDecimal("100");

    public static PurchaseDetails read(TouchpointData data) {
        String orderId = data.requiredText("orderId", 256);
        Currency currency = data.requiredCurrency("currency");
        List<PurchasedItem> items = data.requiredObjects("items", MAX_ITEMS).stream()
                .map(item -> new PurchasedItem(item.requiredText("sku", 128), item.requiredText("name", 500),
                        nullToZero(item.requiredInteger("quantity", 1, 1_000_000)),
                        item.requiredAmount("unitPrice", currency),
                        orZero(item.optionalDecimal("discountPercent", BigDecimal.ZERO, HUNDRED)),
                        item.optionalText("category", 128)))
                .toList();
        BigDecimal total = data.requiredAmount("total", currency);
        return new PurchaseDetails(orderId, items, total, currency == null ? null : currency.getCurrencyCode(),
                data.optionalText("storeId", 128));
    }

    private static int nullToZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}

package org.journeyledger.journey.commerce;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

/**
 * Data of a {@code return} touchpoint: units of a known order brought back, and the amount refunded for them.
 */
public record ReturnDetails(String orderId, List<ReturnedItem> items, BigDecimal amount, String currency)
        implements TouchpointDetails {

    public static ReturnDetails read(TouchpointData data) {
        String orderId = data.requiredText("orderId", 256);
        Currency currency = data.requiredCurrency("currency");
        List<ReturnedItem> items = data.requiredObjects("items", PurchaseDetails.MAX_ITEMS).stream()
                .map(item -> {
                    Integer quantity = item.requiredInteger("quantity", 1, 1_000_000);
                    return new ReturnedItem(item.requiredText("sku", 128), quantity == null ? 0 : quantity);
                })
                .toList();
        return new ReturnDetails(orderId, items, data.requiredAmount("amount", currency),
                currency == null ? null : currency.getCurrencyCode());
    }
}

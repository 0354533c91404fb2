package org.journeyledger.journey.commerce;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * Data of a {@code price_adjustment} touchpoint: money given back on a known order without a return (price
 * protection, goodwill), recorded by whichever channel granted it.
 */
public record PriceAdjustmentDetails(String orderId, BigDecimal amount, String currency, String reason)
        implements TouchpointDetails {

    public static PriceAdjustmentDetails read(TouchpointData data) {
        String orderId = data.requiredText("orderId", 256);
        Currency currency = data.requiredCurrency("currency");
        BigDecimal amount = data.requiredAmount("amount", currency);
        if (amount != null && amount.signum() == 0) {
            data.problem("amount", "must be more than 0");
        }
        return new PriceAdjustmentDetails(orderId, amount, currency == null ? null : currency.getCurrencyCode(),
                data.requiredText("reason", 2000));
    }
}

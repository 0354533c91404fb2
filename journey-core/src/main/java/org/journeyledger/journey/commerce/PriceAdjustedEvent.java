package org.journeyledger.journey.commerce;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.Origin;

import java.math.BigDecimal;

/**
 * The customer was given back {@code amount} on order {@code orderId} without returning anything, for
 * {@code reason} (price protection, goodwill).
 */
@Revision("1")
public record PriceAdjustedEvent(CustomerId customerId, String orderId, BigDecimal amount, String currency,
                                 String reason, Origin origin) {
}

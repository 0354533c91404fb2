package org.journeyledger.journey.commerce;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

import java.math.BigDecimal;
import java.util.List;

/**
 * The customer bought the items of order {@code orderId} for {@code total} in {@code currency}; {@code storeId} names
 * the store for a purchase made in one.
 */
@Revision("1")
public record PurchaseMadeEvent(CustomerId customerId, String orderId, List<PurchasedItem> items, BigDecimal total,
                                String currency, String storeId, Origin origin) implements CausedByTouchpoint {
}

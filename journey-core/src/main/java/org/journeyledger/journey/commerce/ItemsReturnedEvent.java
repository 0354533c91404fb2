package org.journeyledger.journey.commerce;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

import java.math.BigDecimal;
import java.util.List;

/**
 * The customer brought back items of order {@code orderId} and was refunded {@code amount}.
 */
@Revision("1")
public record ItemsReturnedEvent(CustomerId customerId, String orderId, List<ReturnedItem> items, BigDecimal amount,
                                 String currency, Origin origin) implements CausedByTouchpoint {
}

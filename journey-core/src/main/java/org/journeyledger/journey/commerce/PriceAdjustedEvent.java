package org.journeyledger.journey.commerce;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

/**
 * The customer was given back {@code adjustment} on order {@code orderId} without returning anything, for
 * {@code reason} (price protection, goodwill).
 * <p>
 * Revision 2 carries the money as one {@link Money}; revision 1 had separate {@code amount} and {@code currency}
 * fields and is upcast on read by {@link PriceAdjustedEventUpcaster}.
 */
@Revision("2")
public record PriceAdjustedEvent(CustomerId customerId, String orderId, Money adjustment, String reason,
                                 Origin origin) implements CausedByTouchpoint {
}

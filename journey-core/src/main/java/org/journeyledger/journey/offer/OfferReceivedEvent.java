package org.journeyledger.journey.offer;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The customer was sent or shown an offer on {@code skus}, valid until {@code validUntil}; {@code discountPercent}
 * is null for an offer that is not a discount.
 */
@Revision("1")
public record OfferReceivedEvent(CustomerId customerId, String offerId, String campaign, List<String> skus,
                                 BigDecimal discountPercent, Instant validUntil, Origin origin) implements CausedByTouchpoint {
}

package org.journeyledger.journey.offer;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Data of an {@code offer} touchpoint: an offer of campaign {@code campaign} on {@code skus}, sent or shown to the
 * customer, valid until {@code validUntil}; {@code discountPercent} when it is a discount.
 */
public record OfferDetails(String offerId, String campaign, List<String> skus, BigDecimal discountPercent,
                           Instant validUntil) implements TouchpointDetails {

    public static OfferDetails read(TouchpointData data) {
        return new OfferDetails(data.requiredText("offerId", 256), data.requiredText("campaign", 256),
                data.requiredTextList("skus", 1000, 128),
                data.optionalDecimal("discountPercent", BigDecimal.ZERO, new BigDecimal("100")),
                data.requiredInstant("validUntil"));
    }
}

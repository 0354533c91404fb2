package org.journeyledger.journey.deal;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

import java.time.Instant;

/**
 * Data of a {@code deal} touchpoint: special terms agreed with the customer, valid from {@code validFrom}
 * (inclusive) until {@code validUntil} (exclusive), agreed by {@code agreedBy} (the rep or manager).
 */
public record DealDetails(String dealId, String terms, Instant validFrom, Instant validUntil, String agreedBy)
        implements TouchpointDetails {

    public static DealDetails read(TouchpointData data) {
        Instant validFrom = data.requiredInstant("validFrom");
        Instant validUntil = data.requiredInstant("validUntil");
        if (validFrom != null && validUntil != null && !validUntil.isAfter(validFrom)) {
            data.problem("validUntil", "must be after validFrom");
        }
        return new DealDetails(data.requiredText("dealId", 256), data.requiredText("terms", 5000), validFrom,
                validUntil, data.requiredText("agreedBy", 256));
    }
}

package org.journeyledger.journey.deal;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

/**
 * Data of a {@code deal_withdrawn} touchpoint: a deal no longer holds, before its end of validity.
 */
public record DealWithdrawnDetails(String dealId, String reason) implements TouchpointDetails {

    public static DealWithdrawnDetails read(TouchpointData data) {
        return new DealWithdrawnDetails(data.requiredText("dealId", 256), data.requiredText("reason", 2000));
    }
}

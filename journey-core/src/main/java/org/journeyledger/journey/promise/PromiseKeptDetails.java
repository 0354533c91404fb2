package org.journeyledger.journey.promise;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

/**
 * Data of a {@code promise_kept} touchpoint.
 */
public record PromiseKeptDetails(String promiseId) implements TouchpointDetails {

    public static PromiseKeptDetails read(TouchpointData data) {
        return new PromiseKeptDetails(data.requiredText("promiseId", 256));
    }
}

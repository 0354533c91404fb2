package org.journeyledger.journey.promise;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

/**
 * Data of a {@code promise_cancelled} touchpoint: the promise no longer holds, for a stated reason (agreed with the
 * customer, superseded…), which is different from breaking it.
 */
public record PromiseCancelledDetails(String promiseId, String reason) implements TouchpointDetails {

    public static PromiseCancelledDetails read(TouchpointData data) {
        return new PromiseCancelledDetails(data.requiredText("promiseId", 256), data.requiredText("reason", 2000));
    }
}

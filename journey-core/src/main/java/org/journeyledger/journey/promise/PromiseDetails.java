package org.journeyledger.journey.promise;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

import java.time.Instant;

/**
 * Data of a {@code promise} touchpoint: something we promised the customer, due by {@code dueAt}.
 */
public record PromiseDetails(String promiseId, String description, Instant dueAt) implements TouchpointDetails {

    public static PromiseDetails read(TouchpointData data) {
        Instant dueAt = data.requiredInstant("dueAt");
        if (dueAt != null && data.occurredAt() != null && !dueAt.isAfter(data.occurredAt())) {
            data.problem("dueAt", "must be after occurredAt: a promise is due in the future of when it was made");
        }
        return new PromiseDetails(data.requiredText("promiseId", 256), data.requiredText("description", 2000), dueAt);
    }
}

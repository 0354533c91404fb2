package org.journeyledger.journey.promise;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

import java.time.Instant;

/**
 * We promised the customer something, due by {@code dueAt}; unless kept or cancelled by then it breaks by itself.
 */
@Revision("1")
public record PromiseMadeEvent(CustomerId customerId, String promiseId, String description, Instant dueAt,
                               Origin origin) implements CausedByTouchpoint {
}

package org.journeyledger.journey.promise;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;

import java.time.Instant;

/**
 * The promise's due time passed and it was neither kept nor cancelled. Recorded by the ledger itself, once, when the
 * promise's deadline fires.
 */
@Revision("1")
public record PromiseBrokenEvent(CustomerId customerId, String promiseId, Instant dueAt) {
}

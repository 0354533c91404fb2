package org.journeyledger.journey.identity;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;

/**
 * This customer was found to be the same person as the survivor and was absorbed by it: its history up to here is
 * read as part of the survivor's, and it records nothing more unless the merge is undone
 * ({@link CustomerRestoredEvent}).
 */
@Revision("1")
public record CustomerMergedIntoEvent(CustomerId customerId, CustomerId survivorId, String mergeId) {
}

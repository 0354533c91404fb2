package org.journeyledger.journey.identity;

import org.journeyledger.journey.customer.CustomerId;

import java.util.List;

/**
 * One customer a survivor takes in: what its {@link CustomersMergedEvent} will say. The absorbed customer has
 * recorded its {@link CustomerMergedIntoEvent} in the same transaction.
 */
public record Absorption(CustomerId absorbedCustomerId, String mergeId, String reason, String evidence,
                         List<Identifier> identifiers, String actor) {

    public Absorption {
        identifiers = List.copyOf(identifiers);
    }
}

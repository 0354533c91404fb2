package org.journeyledger.journey.identity;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;

import java.util.List;

/**
 * This customer (the survivor) absorbed another customer's journey: from now on the absorbed customer's history up to
 * its {@link CustomerMergedIntoEvent} is part of this customer's, and its identifiers belong to this customer. Nothing
 * of the absorbed stream is copied or changed; readers fold the two streams together.
 *
 * @param mergeId     names this merge, so that it can be undone ({@link CustomersUnmergedEvent})
 * @param reason      {@code shared_identifier} (a touchpoint carried strong identifiers of both) or
 *                    {@code match_confirmed} (an agent confirmed a possible match)
 * @param evidence    the ledger event id of the touchpoint that showed the two are one, or the confirmed match's id
 * @param identifiers the identifiers that showed it
 * @param actor       who confirmed a match, or null for a merge decided by the ledger's rule
 */
@Revision("1")
public record CustomersMergedEvent(CustomerId customerId, CustomerId absorbedCustomerId, String mergeId,
                                   String reason, String evidence, List<Identifier> identifiers, String actor) {

    public static final String SHARED_IDENTIFIER = "shared_identifier";
    public static final String MATCH_CONFIRMED = "match_confirmed";
}

package org.journeyledger.journey.issue;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

/**
 * The customer raised a problem; it stays open on their context, attached to the conversation it was raised in,
 * until it is resolved.
 */
@Revision("1")
public record IssueRaisedEvent(CustomerId customerId, String issueId, String description, String category,
                               Origin origin) implements CausedByTouchpoint {
}

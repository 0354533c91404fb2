package org.journeyledger.journey.issue;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

/**
 * An open issue was resolved; {@code release} names the release that fixed a defect, if any.
 */
@Revision("1")
public record IssueResolvedEvent(CustomerId customerId, String issueId, String resolution, String release,
                                 Origin origin) implements CausedByTouchpoint {
}

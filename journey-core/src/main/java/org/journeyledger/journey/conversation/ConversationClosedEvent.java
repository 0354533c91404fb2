package org.journeyledger.journey.conversation;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

/**
 * The conversation is over, with an optional resolution.
 */
@Revision("1")
public record ConversationClosedEvent(CustomerId customerId, String conversationId, String resolution, Origin origin) implements CausedByTouchpoint {
}

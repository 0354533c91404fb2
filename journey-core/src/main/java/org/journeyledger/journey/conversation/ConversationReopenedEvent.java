package org.journeyledger.journey.conversation;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

/**
 * The customer came back to a closed conversation, which is open again.
 */
@Revision("1")
public record ConversationReopenedEvent(CustomerId customerId, String conversationId, Origin origin) implements CausedByTouchpoint {
}
